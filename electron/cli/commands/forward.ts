/**
 * `bastionless forward --target ID --remote-port N [--host H] [--local-port N] [--bind ADDR]
 *   [--profile P] [--region R] [--endpoint URL] [--json]`
 *
 * One persistent tunnel under the supervisor. Binds first (the first JSON line is exactly
 * {"event":"listening","address":…,"port":…}), then starts a session and probes the target so that
 * an unknown target, an offline agent, denied access or a refused target port fail fast with one
 * line and a non-zero exit. Afterwards sessions are on demand. SIGINT/SIGTERM: TerminateSession
 * (flag and API), close the listener, exit 0.
 */
import { nextStopSignal } from '../signals.js';
import { Profile } from '../../../shared/model/profile.js';
import type { TunnelSnapshot } from '../../../shared/model/tunnel.js';
import { plainEngineError } from '../../engine/aws/engineFailure.js';
import { readSessionPreferences } from '../../engine/aws/sessionPreferences.js';
import type { Logger, LogLevel } from '../../engine/ports/logger.js';
import { redact } from '../../engine/ports/logger.js';
import { systemClock, systemRandom } from '../../engine/transport/clock.js';
import { nodeSystemEvents } from '../../engine/transport/nodeSystemEvents.js';
import { publishRuntime } from '../../engine/tunnel/runtimeFile.js';
import { createSessionFactory } from '../../engine/tunnel/sessionFactory.js';
import { TunnelRegistry } from '../../engine/tunnel/tunnelRegistry.js';
import type { CommandIo } from '../command.js';
import { parseCommand } from '../parseCommand.js';
import { AWS_FLAGS, TUNNEL_FLAGS, awsContextFromFlags, errorOf } from './awsCommon.js';

/** One line per error: a JSON `error` event, or `bastionless forward: <message> (<hint>)` on stderr. */
function reportError(io: CommandIo, e: unknown, json: boolean): void {
  const err = plainEngineError(errorOf(e));
  if (json)
    io.stdout.write(`${JSON.stringify({ event: 'error', code: err.code, message: err.message, error: err })}
`);
  else
    io.stderr.write(`bastionless forward: ${err.message}${err.hint !== undefined ? ` (${err.hint})` : ''}
`);
}

const USAGE = `usage: bastionless forward --target ID --remote-port N [--host HOST] [--local-port N] [--bind ADDR]
                          [--profile P] [--region R] [--endpoint URL] [--json] [--verbose]
  --host            forward to HOST as seen from the target (AWS-StartPortForwardingSessionToRemoteHost)
  --local-port      local port (default 0: any free port)
  --bind            local address (default 127.0.0.1; other 127.x allowed; others need --allow-non-loopback)
`;

/** The first session's probe window: long enough for the agent's ConnectToPortError to come back. */
const STARTUP_PROBE_MS = 1_500;

function cliLogger(
  io: CommandIo,
  json: boolean,
  verbose: boolean,
  base: Record<string, unknown> = {},
): Logger {
  const log = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    // Without --verbose, text mode shows errors only (the final error line says what failed); JSON
    // mode shows warnings too, as events.
    if (!verbose && (level === 'debug' || level === 'info' || (level === 'warn' && !json))) return;
    const f = redact({ ...base, ...fields });
    if (json) io.stdout.write(`${JSON.stringify({ event: 'log', level, message, ...f })}\n`);
    else
      io.stderr.write(`[${level}] ${message}${f && Object.keys(f).length ? ` ${JSON.stringify(f)}` : ''}\n`);
  };
  return { log, child: (fields) => cliLogger(io, json, verbose, { ...base, ...fields }) };
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const args = parseCommand(
    {
      name: 'forward',
      usage: USAGE,
      options: {
        ...AWS_FLAGS,
        ...TUNNEL_FLAGS,
        'allow-non-loopback': { type: 'boolean' },
        verbose: { type: 'boolean' },
      },
    },
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  const { values } = args;
  const json = values.json === true;
  if (!values.target || !values['remote-port']) {
    io.stderr.write(`bastionless forward: --target and --remote-port are required\n${USAGE}`);
    return 2;
  }
  const parsed = Profile.safeParse({
    id: 'cli-forward',
    name: `forward ${values.target}:${values['remote-port']}`,
    target: { kind: 'instance', instanceId: values.target },
    document: values.host ? 'AWS-StartPortForwardingSessionToRemoteHost' : 'AWS-StartPortForwardingSession',
    ...(values.host ? { remoteHost: values.host } : {}),
    remotePort: Number(values['remote-port']),
    bind: {
      address: values.bind ?? '127.0.0.1',
      port: values['local-port'] !== undefined ? Number(values['local-port']) : 0,
      ...(values['allow-non-loopback'] ? { allowNonLoopback: true } : {}),
    },
    aws: {
      ...(values.profile ? { profile: values.profile } : {}),
      ...(values.region ? { region: values.region } : {}),
    },
    startMode: 'on-demand',
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    io.stderr.write(
      `bastionless forward: invalid ${issue?.path.join('.') ?? 'argument'}: ${issue?.message ?? ''}\n`,
    );
    return 2;
  }
  const profile = parsed.data;
  const logger = cliLogger(io, json, values.verbose === true);
  let ctx;
  try {
    ctx = awsContextFromFlags(values, io);
  } catch (e) {
    reportError(io, e, json);
    return 1;
  }
  const aws = ctx;
  const systemEvents = nodeSystemEvents({ clock: systemClock });
  const registry = new TunnelRegistry({
    systemEvents,
    sessionFactory: createSessionFactory({
      awsContext: () => aws,
      clock: systemClock,
      random: systemRandom,
      logger,
    }),
    logger,
  });
  const runtime = publishRuntime('forward', io.env);
  // Nothing is printed before the listening line (it must be the first JSON line after binding).
  let lastStatus = 'listening';
  let announced = false;
  let ready = false;
  const off = registry.onUpdate((s: TunnelSnapshot) => {
    runtime.update(registry.list());
    if (!announced || s.status === lastStatus) return;
    lastStatus = s.status;
    if (json)
      io.stdout.write(
        `${JSON.stringify({ event: 'state', status: s.status, sessionId: s.sessionId ?? null, mode: s.mode ?? null, ...(s.lastError && s.status !== 'open' ? { error: s.lastError } : {}) })}\n`,
      );
    else if (ready && (s.status !== 'listening' || s.sessionId === undefined))
      io.stderr.write(`${s.status}${s.lastError && s.status !== 'open' ? `: ${s.lastError.message}` : ''}\n`);
  });
  const shutdown = async (code: number): Promise<number> => {
    off();
    await registry.close();
    systemEvents.dispose();
    runtime.remove();
    aws.destroy();
    return code;
  };

  let snap: TunnelSnapshot;
  try {
    snap = await registry.start(profile);
  } catch (e) {
    reportError(io, e, json);
    return shutdown(1);
  }
  // "Time left" needs the account's max session duration: read it in the background, best effort.
  void readSessionPreferences(aws)
    .then((prefs) => {
      const minutes = prefs.maxSessionDurationMinutes;
      if (minutes !== undefined) registry.tunnel(profile.id)?.setMaxSessionMs(minutes * 60_000);
    })
    .catch(() => {});
  announced = true;
  lastStatus = snap.status;
  runtime.update(registry.list());
  if (json)
    io.stdout.write(
      `${JSON.stringify({ event: 'listening', address: snap.localAddress, port: snap.localPort, target: values.target, remotePort: profile.remotePort })}\n`,
    );
  else
    io.stdout.write(
      `Listening on ${snap.localAddress}:${snap.localPort} → ${values.target}${values.host ? ` → ${values.host}` : ''}:${profile.remotePort}\n`,
    );

  const stopped = nextStopSignal().then(() => 0);

  // Fail fast: start the first session now and prove the far side answers.
  const first = await Promise.race([
    registry
      .probe(profile.id, STARTUP_PROBE_MS)
      .catch((e: unknown) => ({ ok: false as const, error: plainEngineError(errorOf(e)) })),
    stopped.then(() => undefined),
  ]);
  if (first === undefined) return shutdown(0);
  if (!first.ok) {
    reportError(io, first.error ?? errorOf(new Error('the target did not answer')), json);
    return shutdown(1);
  }
  ready = true;
  if (json) io.stdout.write(`${JSON.stringify({ event: 'ready', latencyMs: first.latencyMs ?? null })}\n`);
  else
    io.stderr.write(
      `Ready (target answered${first.latencyMs !== undefined ? ` in ${Math.round(first.latencyMs)} ms` : ''}). Press Ctrl-C to stop.\n`,
    );
  const code = await stopped;
  if (json) io.stdout.write(`${JSON.stringify({ event: 'stopping' })}\n`);
  return shutdown(code);
}
