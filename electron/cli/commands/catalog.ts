/**
 * `bastionless catalog add|refresh|list|rm`: team catalogs, in the same data dir as `profiles`
 * (BASTIONLESS_HOME when set). One-shot: no timers here; the app and `up` refresh on a schedule.
 * Parameter Store catalogs are read with the caller's own AWS credentials (--aws-profile/--region,
 * --endpoint or BASTIONLESS_SIMULATOR_ENDPOINT for the simulator).
 */
import { parseArgs } from 'node:util';
import type { Catalog } from '../../../shared/contract/api.js';
import { createAwsContext, type AwsContext } from '../../engine/aws/clientFactory.js';
import { failure } from '../../engine/aws/engineFailure.js';
import { CatalogService } from '../../engine/catalogs/catalogService.js';
import { describeSource, type CatalogSource } from '../../engine/catalogs/sources/readSource.js';
import { appDataDir } from '../../engine/profiles/paths.js';
import { ProfileStore } from '../../engine/profiles/profileStore.js';
import { systemClock } from '../../engine/transport/clock.js';
import type { CommandIo } from '../command.js';
import { printError, simulatorEndpoint } from './awsCommon.js';

const USAGE = `usage:
  bastionless catalog add --name N (--parameter-path /P [--aws-profile A] [--region R] | --file F | --url U)
                          [--refresh-minutes M] [--endpoint URL] [--json]
  bastionless catalog refresh [NAME…] [--endpoint URL] [--json]
  bastionless catalog list [--json]
  bastionless catalog rm NAME
`;

class UsageError extends Error {}

interface Ctx {
  readonly service: CatalogService;
  readonly io: CommandIo;
}

function line(c: Catalog): string {
  const when = c.lastRefreshedAt !== undefined ? new Date(c.lastRefreshedAt).toISOString() : 'never';
  return `${c.name.padEnd(24)} ${describeSource(c.source).padEnd(40)} ${String(c.profileCount).padStart(4)} profile(s)  refreshed ${when}  every ${c.refreshMinutes} min\n`;
}

function details(c: Catalog, profileNames: string[]): string {
  let out = '';
  if (c.lastError)
    out += `    error: ${c.lastError.message}\n${c.lastError.hint ? `    hint: ${c.lastError.hint}\n` : ''}`;
  for (const d of c.conflictDetails ?? []) out += `    conflict: ${d.message}\n`;
  for (const i of c.issues ?? []) out += `    note: ${i.path}: ${i.message}\n`;
  for (const n of profileNames) out += `    - ${n}\n`;
  return out;
}

function report(ctx: Ctx, catalogs: Catalog[], json: boolean | undefined): void {
  if (json === true) {
    ctx.io.stdout.write(`${JSON.stringify(catalogs)}\n`);
    return;
  }
  if (catalogs.length === 0) ctx.io.stdout.write('No team catalogs.\n');
  const all = ctx.service.profiles();
  for (const c of catalogs)
    ctx.io.stdout.write(
      line(c) +
        details(
          c,
          all.filter((p) => p.source === `catalog:${c.id}`).map((p) => p.name),
        ),
    );
}

function sourceOf(v: Record<string, string | boolean | undefined>): CatalogSource {
  const given = ['parameter-path', 'file', 'url'].filter((k) => v[k] !== undefined);
  if (given.length !== 1) throw new UsageError('add needs exactly one of --parameter-path, --file, --url');
  const str = (k: string): string | undefined => (typeof v[k] === 'string' ? v[k] : undefined);
  if (given[0] === 'file') return { kind: 'file', path: str('file') ?? '' };
  if (given[0] === 'url') return { kind: 'url', url: str('url') ?? '' };
  return {
    kind: 'parameter-store',
    path: str('parameter-path') ?? '',
    ...(str('aws-profile') !== undefined ? { awsProfile: str('aws-profile')! } : {}),
    ...(str('region') !== undefined ? { region: str('region')! } : {}),
  };
}

async function add(ctx: Ctx, argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: 'string' },
      'parameter-path': { type: 'string' },
      'aws-profile': { type: 'string' },
      region: { type: 'string' },
      file: { type: 'string' },
      url: { type: 'string' },
      'refresh-minutes': { type: 'string' },
      endpoint: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (values.name === undefined) throw new UsageError('add needs --name');
  const minutes = values['refresh-minutes'] ?? '60';
  if (!/^\d+$/.test(minutes) || Number(minutes) < 1 || Number(minutes) > 10_080)
    throw new UsageError(`--refresh-minutes must be 1–10080, not "${minutes}"`);
  const c = await ctx.service.add({
    name: values.name,
    source: sourceOf(values),
    refreshMinutes: Number(minutes),
  });
  report(ctx, [c], values.json);
  if (c.lastError) {
    if (values.json !== true)
      ctx.io.stderr.write(
        `bastionless catalog add: added "${c.name}", but the first refresh failed; fix it and run \`bastionless catalog refresh "${c.name}"\`\n`,
      );
    return 1;
  }
  if (values.json !== true) ctx.io.stdout.write(`Added catalog "${c.name}" (${c.id}).\n`);
  return 0;
}

async function refresh(ctx: Ctx, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { endpoint: { type: 'string' }, json: { type: 'boolean' } },
  });
  const chosen = positionals.length === 0 ? ctx.service.list() : positionals.map((n) => found(ctx, n));
  const results: Catalog[] = [];
  for (const c of chosen) results.push(await ctx.service.refresh(c.id));
  report(ctx, results, values.json);
  return results.some((c) => c.lastError !== undefined) ? 1 : 0;
}

function list(ctx: Ctx, argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } } });
  report(ctx, ctx.service.list(), values.json);
  return 0;
}

function remove(ctx: Ctx, argv: string[]): number {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length === 0) throw new UsageError('rm needs a catalog NAME');
  for (const n of positionals) {
    const c = found(ctx, n);
    ctx.service.remove(c.id);
    ctx.io.stdout.write(`Removed catalog "${c.name}".\n`);
  }
  return 0;
}

function found(ctx: Ctx, nameOrId: string): Catalog {
  const c = ctx.service.find(nameOrId);
  if (!c)
    throw failure('NOT_FOUND', `no catalog named "${nameOrId}"`, { hint: 'See `bastionless catalog list`.' });
  return c;
}

const SUBCOMMANDS: Readonly<Record<string, (ctx: Ctx, argv: string[]) => number | Promise<number>>> = {
  add,
  refresh,
  list,
  rm: remove,
};

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(USAGE);
    return sub === undefined ? 2 : 0;
  }
  const handler = SUBCOMMANDS[sub];
  if (!handler) {
    io.stderr.write(`bastionless catalog: unknown sub-command "${sub}"\n${USAGE}`);
    return 2;
  }
  // Read before the sub-command parses its flags: the AWS context factory needs it first.
  const at = rest.indexOf('--endpoint');
  const inline = rest.find((a) => a.startsWith('--endpoint='))?.slice('--endpoint='.length);
  const endpoint = simulatorEndpoint({ endpoint: at >= 0 ? rest[at + 1] : inline }, io.env);
  const contexts = new Map<string, AwsContext>();
  try {
    const dataDir = appDataDir(io.env);
    const personal = new ProfileStore(dataDir);
    const service = new CatalogService({
      dataDir,
      clock: systemClock,
      personal: () => personal.list(),
      sources: {
        ssmFor: (awsProfile, region) => {
          const key = `${awsProfile ?? ''}|${region ?? ''}`;
          let ctx = contexts.get(key);
          if (!ctx) {
            ctx = createAwsContext({ awsProfile, region, env: io.env, simulatorEndpoint: endpoint });
            contexts.set(key, ctx);
          }
          return ctx.ssm;
        },
      },
    });
    for (const issue of service.loadIssues) io.stderr.write(`bastionless catalog: warning: ${issue}\n`);
    return await handler({ service, io }, rest);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`bastionless catalog ${sub}: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    return printError(io, `catalog ${sub}`, e, rest.includes('--json'));
  } finally {
    for (const c of contexts.values()) c.destroy();
  }
}
