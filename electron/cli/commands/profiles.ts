/**
 * `bastionless profiles list|add|edit|rm|import|export`: the saved profiles (the same file the app uses,
 * under BASTIONLESS_HOME when set). Import/export share the engine's portable document format.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Profile } from '../../../shared/model/profile.js';
import { toEngineError } from '../../engine/aws/awsErrors.js';
import { failure } from '../../engine/aws/engineFailure.js';
import { exportProfiles, importInto } from '../../engine/profiles/importExport.js';
import { appDataDir } from '../../engine/profiles/paths.js';
import { ProfileStore } from '../../engine/profiles/profileStore.js';
import { cachedCatalogProfiles } from '../catalogProfiles.js';
import type { CommandIo } from '../command.js';
import {
  applyProfileFlags,
  PROFILE_FLAG_OPTIONS,
  PROFILE_FLAGS_USAGE,
  UsageError,
  type ProfileDraft,
} from '../profileFlags.js';

const USAGE = `usage:
  bastionless profiles list [--json]
  bastionless profiles add --name N --target ID|tag:KEY=VALUE --remote-port P [flags]
  bastionless profiles edit NAME|ID [--name N] [--target T] [--remote-port P] [flags]
    flags: ${PROFILE_FLAGS_USAGE}
  bastionless profiles rm NAME
  bastionless profiles import FILE [--format json|yaml]
  bastionless profiles export [--format json|yaml] [NAME…]
`;

function formatOf(value: string | undefined, file?: string): 'json' | 'yaml' {
  if (value === 'json' || value === 'yaml') return value;
  if (value !== undefined) throw new UsageError(`--format must be json or yaml, not "${value}"`);
  return file !== undefined && /\.ya?ml$/i.test(file) ? 'yaml' : 'json';
}

/** One line: name, kind, target, remote end, local end. */
function describe(p: Profile): string {
  const target = p.target.kind === 'instance' ? p.target.instanceId : `tag:${p.target.key}=${p.target.value}`;
  const remote = `${p.remoteHost ?? 'localhost'}:${p.remotePort}`;
  const port = p.bind.port !== 0 ? p.bind.port : (p.bind.rememberedPort ?? 'auto');
  const team = p.source.startsWith('catalog:') ? '  (team catalog, read-only)' : '';
  return `${p.name.padEnd(28)} ${p.kind.padEnd(8)} ${target.padEnd(22)} ${remote.padEnd(28)} ${p.bind.address}:${port}${team}`;
}

function list(store: ProfileStore, argv: string[], io: CommandIo): number {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } } });
  const profiles = [...store.list(), ...cachedCatalogProfiles(appDataDir(io.env), store)];
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify(profiles)}\n`);
    return 0;
  }
  if (profiles.length === 0) io.stdout.write('No saved profiles.\n');
  for (const p of profiles) io.stdout.write(`${describe(p)}\n`);
  return 0;
}

/** Prints the store's field issues (one line each); true when there were any. */
function reportIssues(store: ProfileStore, draft: ProfileDraft, sub: string, io: CommandIo): boolean {
  const issues = store.validate(draft);
  for (const i of issues) io.stderr.write(`bastionless profiles ${sub}: ${i.path}: ${i.message}\n`);
  return issues.length > 0;
}

function printSaved(verb: string, saved: Profile, json: boolean, io: CommandIo): void {
  if (json) io.stdout.write(`${JSON.stringify(saved)}\n`);
  else io.stdout.write(`${verb} profile "${saved.name}" (${saved.id}).\n${describe(saved)}\n`);
}

function add(store: ProfileStore, argv: string[], io: CommandIo): number {
  const { values } = parseArgs({ args: argv, options: PROFILE_FLAG_OPTIONS });
  if (values.name === undefined || values.target === undefined || values['remote-port'] === undefined)
    throw new UsageError('add needs --name, --target and --remote-port');
  const draft = applyProfileFlags({ bind: { address: '127.0.0.1', port: 0 }, aws: {} }, values);
  if (reportIssues(store, draft, 'add', io)) return 1;
  printSaved('Saved', store.save(draft), values.json === true, io);
  return 0;
}

/** `edit NAME|ID --flag …`: only the given flags change; the same validation as add. */
function edit(store: ProfileStore, argv: string[], io: CommandIo): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: PROFILE_FLAG_OPTIONS,
  });
  const [ref] = positionals;
  if (ref === undefined || positionals.length > 1) throw new UsageError('edit needs exactly one NAME or ID');
  const existing = store.byName(ref) ?? store.get(ref);
  if (!existing) throw failure('PROFILE_NOT_FOUND', `no profile named or with id "${ref}"`);
  if (existing.source !== 'personal')
    throw failure('PROFILE_INVALID', `"${existing.name}" comes from ${existing.source} and is read-only`);
  const { source: _source, ...fields } = existing;
  const draft = applyProfileFlags(fields, values);
  if (reportIssues(store, draft, 'edit', io)) return 1;
  printSaved('Updated', store.save(draft), values.json === true, io);
  return 0;
}

function remove(store: ProfileStore, argv: string[], io: CommandIo): number {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length === 0) throw new UsageError('rm needs a profile NAME');
  for (const name of positionals) {
    const p = store.byName(name);
    if (!p) throw failure('PROFILE_NOT_FOUND', `no profile named "${name}"`);
    store.delete(p.id);
    io.stdout.write(`Removed profile "${name}".\n`);
  }
  return 0;
}

function importFile(store: ProfileStore, argv: string[], io: CommandIo): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string' } },
  });
  const [file] = positionals;
  if (file === undefined || positionals.length > 1) throw new UsageError('import needs exactly one FILE');
  const result = importInto(store, readFileSync(file, 'utf8'), formatOf(values.format, file));
  for (const i of result.issues) io.stderr.write(`bastionless profiles import: ${i.path}: ${i.message}\n`);
  io.stdout.write(`Imported ${result.imported} profile(s), ${result.issues.length} issue(s).\n`);
  return result.issues.length > 0 ? 1 : 0;
}

function exportNamed(store: ProfileStore, argv: string[], io: CommandIo): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string' } },
  });
  const chosen =
    positionals.length === 0
      ? store.list()
      : positionals.map((name) => {
          const p = store.byName(name);
          if (!p) throw failure('PROFILE_NOT_FOUND', `no profile named "${name}"`);
          return p;
        });
  io.stdout.write(exportProfiles(chosen, formatOf(values.format)));
  return 0;
}

const SUBCOMMANDS: Readonly<Record<string, (store: ProfileStore, argv: string[], io: CommandIo) => number>> =
  { list, add, edit, rm: remove, import: importFile, export: exportNamed };

export function run(argv: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(USAGE);
    return Promise.resolve(sub === undefined ? 2 : 0);
  }
  const handler = SUBCOMMANDS[sub];
  if (!handler) {
    io.stderr.write(`bastionless profiles: unknown sub-command "${sub}"\n${USAGE}`);
    return Promise.resolve(2);
  }
  try {
    const store = new ProfileStore(appDataDir(io.env));
    for (const issue of store.loadIssues)
      io.stderr.write(
        `bastionless profiles: warning: ${issue.message}${issue.backupPath !== undefined ? ` (copy kept at ${issue.backupPath})` : ''}\n`,
      );
    return Promise.resolve(handler(store, rest, io));
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`bastionless profiles ${sub}: ${(e as Error).message}\n`);
      return Promise.resolve(2);
    }
    const err = toEngineError(e, 'profiles');
    io.stderr.write(
      `bastionless profiles ${sub}: ${err.message}\n${err.hint !== undefined ? `  hint: ${err.hint}\n` : ''}`,
    );
    return Promise.resolve(1);
  }
}
