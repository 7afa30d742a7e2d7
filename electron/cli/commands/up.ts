/**
 * `bastionless up NAME… [--profile P] [--region R] [--endpoint URL] [--json]`
 *
 * Runs saved profiles headless under one supervisor: binds each profile's port (sessions start on
 * demand, like the app), prints one line per state change, publishes the runtime file for
 * `bastionless status`, and on SIGINT/SIGTERM stops every tunnel and exits 0. A profile's own
 * aws.profile / aws.region win over the flags.
 */
import { nextStopSignal } from '../signals.js';
import { nodeSystemEvents } from '../../engine/transport/nodeSystemEvents.js';
import type { Profile } from '../../../shared/model/profile.js';
import type { TunnelSnapshot } from '../../../shared/model/tunnel.js';
import type { AwsContext } from '../../engine/aws/clientFactory.js';
import { plainEngineError } from '../../engine/aws/engineFailure.js';
import { nullLogger } from '../../engine/ports/logger.js';
import { appDataDir } from '../../engine/profiles/paths.js';
import { ProfileStore } from '../../engine/profiles/profileStore.js';
import { systemClock, systemRandom } from '../../engine/transport/clock.js';
import { publishRuntime } from '../../engine/tunnel/runtimeFile.js';
import { createSessionFactory } from '../../engine/tunnel/sessionFactory.js';
import { TunnelRegistry } from '../../engine/tunnel/tunnelRegistry.js';
import { cachedCatalogProfiles } from '../catalogProfiles.js';
import type { CommandIo } from '../command.js';
import { parseCommand } from '../parseCommand.js';
import { AWS_FLAGS, awsContextFromFlags, errorOf } from './awsCommon.js';

const USAGE = 'usage: bastionless up NAME… [--profile P] [--region R] [--endpoint URL] [--json]\n';

function line(io: CommandIo, json: boolean, s: TunnelSnapshot): void {
  const addr = s.localPort !== undefined ? `${s.localAddress ?? '127.0.0.1'}:${s.localPort}` : '-';
  const err = s.lastError && s.status !== 'open' ? s.lastError : undefined;
  if (json)
    io.stdout.write(
      `${JSON.stringify({ event: 'state', name: s.name, status: s.status, address: s.localAddress ?? null, port: s.localPort ?? null, ...(err ? { error: err } : {}) })}\n`,
    );
  else io.stdout.write(`${s.name}: ${s.status} ${addr}${err ? ` (${err.message})` : ''}\n`);
}

export function run(argv: string[], io: CommandIo): Promise<number> {
  return runUntil(argv, io, nextStopSignal);
}

/** `up` with the stop condition injected (tests stop it without signalling the test runner). */
export async function runUntil(argv: string[], io: CommandIo, stop: () => Promise<void>): Promise<number> {
  const parsed = parseCommand({ name: 'up', usage: USAGE, options: AWS_FLAGS, positionals: true }, argv, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals: names } = parsed;
  if (names.length === 0) {
    io.stderr.write(`bastionless up: name at least one saved profile\n${USAGE}`);
    return 2;
  }
  const json = values.json === true;
  const dataDir = appDataDir(io.env);
  const store = new ProfileStore(dataDir);
  const team = cachedCatalogProfiles(dataDir, store);
  const chosen: Profile[] = [];
  for (const name of names) {
    // A personal profile first; otherwise a team catalog's (as last refreshed).
    const p = store.byName(name) ?? team.find((t) => t.name === name);
    if (!p) {
      io.stderr.write(`bastionless up: no profile named "${name}" (see \`bastionless profiles list\`)\n`);
      return 1;
    }
    chosen.push(p);
  }

  const contexts = new Map<string, AwsContext>();
  const contextFor = (p: Profile): AwsContext => {
    let ctx = contexts.get(p.id);
    if (!ctx) {
      ctx = awsContextFromFlags(
        {
          profile: p.aws.profile ?? values.profile,
          region: p.aws.region ?? values.region,
          endpoint: values.endpoint,
        },
        io,
      );
      contexts.set(p.id, ctx);
    }
    return ctx;
  };
  const systemEvents = nodeSystemEvents({ clock: systemClock });
  const registry = new TunnelRegistry({
    systemEvents,
    sessionFactory: createSessionFactory({
      awsContext: contextFor,
      clock: systemClock,
      random: systemRandom,
      logger: nullLogger, // state lines carry the errors; tunnels redact before logging anyway
    }),
    onPortChosen: (id, port) => store.rememberPort(id, port),
  });
  const runtime = publishRuntime('up', io.env);
  const lastStatus = new Map<string, string>();
  const off = registry.onUpdate((s) => {
    runtime.update(registry.list());
    if (lastStatus.get(s.profileId) === s.status) return;
    lastStatus.set(s.profileId, s.status);
    line(io, json, s);
  });
  const shutdown = async (code: number): Promise<number> => {
    off();
    await registry.close();
    systemEvents.dispose();
    runtime.remove();
    for (const ctx of contexts.values()) ctx.destroy();
    return code;
  };

  let failed = 0;
  for (const p of chosen) {
    try {
      await registry.start(p);
    } catch (e) {
      failed += 1;
      const err = plainEngineError(errorOf(e));
      if (json) io.stdout.write(`${JSON.stringify({ event: 'error', name: p.name, error: err })}\n`);
      else io.stderr.write(`bastionless up: ${p.name}: ${err.message}${err.hint ? ` (${err.hint})` : ''}\n`);
    }
  }
  if (failed === chosen.length) return shutdown(1);
  await stop();
  return shutdown(0);
}
