/**
 * `bastionless simulator` — runs the local SSM simulator (API + gateway + agent) until SIGINT/SIGTERM.
 * With --json the FIRST stdout line is exactly {"event":"ready","endpoint":"http://127.0.0.1:N"}.
 */
import { nextStopSignal } from '../signals.js';
import type { LogFields, Logger, LogLevel } from '../../engine/ports/logger.js';
import { redact } from '../../engine/ports/logger.js';
import { DEFAULT_INSTANCES, startSimulator, type FaultConfig } from '../../simulator/simulator.js';
import type { CommandIo } from '../command.js';
import { parseCommand } from '../parseCommand.js';

const USAGE = `usage: bastionless simulator [--port N] [--agent-version V] [--json] [--seed N]
  [--loss R] [--duplicate R] [--reorder R] [--corrupt R] [--latency MS] [--ack-delay MS] [--drop-every S]
  [--pacing agent|none] [--idle-timeout S] [--max-session S] [--refuse-target] [--blackhole-target]
  [--reject-credentials expired|invalid] [--verbose]
`;

function number(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
  return n;
}

function streamLogger(out: NodeJS.WritableStream, base: LogFields, verbose: boolean): Logger {
  return {
    log(level: LogLevel, message: string, fields?: LogFields) {
      if (level === 'debug' && !verbose) return;
      out.write(`${JSON.stringify({ level, message, ...redact(base), ...redact(fields) })}\n`);
    },
    child: (fields) => streamLogger(out, { ...base, ...fields }, verbose),
  };
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommand(
    {
      name: 'simulator',
      usage: USAGE,
      options: {
        port: { type: 'string' },
        'agent-version': { type: 'string' },
        json: { type: 'boolean' },
        seed: { type: 'string' },
        loss: { type: 'string' },
        duplicate: { type: 'string' },
        reorder: { type: 'string' },
        corrupt: { type: 'string' },
        latency: { type: 'string' },
        'ack-delay': { type: 'string' },
        'drop-every': { type: 'string' },
        pacing: { type: 'string' },
        'idle-timeout': { type: 'string' },
        'max-session': { type: 'string' },
        'refuse-target': { type: 'boolean' },
        'blackhole-target': { type: 'boolean' },
        'reject-credentials': { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    argv,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const faults: Partial<FaultConfig> = {};
  try {
    const set = <K extends keyof FaultConfig>(k: K, v: FaultConfig[K] | undefined): void => {
      if (v !== undefined) faults[k] = v;
    };
    set('lossRatio', number('loss', values.loss));
    set('duplicateRatio', number('duplicate', values.duplicate));
    set('reorderRatio', number('reorder', values.reorder));
    set('corruptDigestRatio', number('corrupt', values.corrupt));
    set('latencyMs', number('latency', values.latency));
    set('ackDelayMs', number('ack-delay', values['ack-delay']));
    set('dropEverySeconds', number('drop-every', values['drop-every']));
    set('idleTimeoutSeconds', number('idle-timeout', values['idle-timeout']));
    set('maxSessionSeconds', number('max-session', values['max-session']));
    if (values.pacing !== undefined) {
      if (values.pacing !== 'agent' && values.pacing !== 'none')
        throw new Error('--pacing must be agent or none');
      faults.pacing = values.pacing;
    }
    if (values['refuse-target'] === true) faults.refuseTarget = true;
    if (values['blackhole-target'] === true) faults.blackholeTarget = true;
    const rc = values['reject-credentials'];
    if (rc !== undefined) {
      if (rc !== 'expired' && rc !== 'invalid')
        throw new Error('--reject-credentials must be expired or invalid');
      faults.rejectCredentials = rc;
    }
  } catch (e) {
    io.stderr.write(`bastionless simulator: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const agentVersion = values['agent-version'];
  const instances =
    agentVersion === undefined
      ? DEFAULT_INSTANCES
      : DEFAULT_INSTANCES.map((i) => (i.instanceId === 'i-0123456789abcdef0' ? { ...i, agentVersion } : i));
  const json = values.json === true;
  const port = number('port', values.port) ?? 0;
  const seed = number('seed', values.seed);
  // Logs go to stderr so stdout stays machine-readable.
  const sim = await startSimulator({
    port,
    instances,
    faults,
    ...(seed !== undefined ? { seed } : {}),
    logger: streamLogger(io.stderr, {}, values.verbose === true),
  });
  if (json) io.stdout.write(`${JSON.stringify({ event: 'ready', endpoint: sim.endpoint })}\n`);
  else
    io.stdout.write(
      `SSM simulator listening on ${sim.endpoint}\n  export AWS_ENDPOINT_URL_SSM=${sim.endpoint}\n  targets: ${instances.map((i) => `${i.instanceId} (${i.name ?? ''}, ${i.pingStatus}, agent ${i.agentVersion})`).join(', ')}\nPress Ctrl-C to stop.\n`,
    );
  await nextStopSignal();
  await sim.close();
  if (json) io.stdout.write(`${JSON.stringify({ event: 'closed' })}\n`);
  return 0;
}
