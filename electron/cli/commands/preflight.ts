/**
 * `bastionless preflight` — runs every check a tunnel needs, without starting it (except a probe
 * session that is terminated at once, unless --no-probe). Exit 0 when all checks pass.
 *   bastionless preflight --target ID --remote-port N [--host H] [--local-port N] [--bind ADDR]
 *                         [--profile P] [--region R] [--json] [--no-probe] [--endpoint URL]
 */
import { runPreflight } from '../../engine/aws/preflight.js';
import type { CommandIo } from '../command.js';
import { parseCommand } from '../parseCommand.js';
import { AWS_FLAGS, TUNNEL_FLAGS, awsContextFromFlags, printError } from './awsCommon.js';

const USAGE =
  'usage: bastionless preflight --target ID --remote-port N [--host H] [--local-port N] [--bind ADDR]\n' +
  '                             [--profile P] [--region R] [--json] [--no-probe] [--endpoint URL]\n';

function port(name: string, v: string | undefined, dflt?: number): number {
  if (v === undefined && dflt !== undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`--${name} must be a port number (0-65535)`);
  return n;
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommand(
    {
      name: 'preflight',
      usage: USAGE,
      options: {
        ...AWS_FLAGS,
        ...TUNNEL_FLAGS,
        'no-probe': { type: 'boolean' },
      },
    },
    argv,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  let remotePort: number;
  let localPort: number;
  try {
    if (values.target === undefined) throw new Error('--target is required');
    remotePort = port('remote-port', values['remote-port']);
    if (remotePort === 0) throw new Error('--remote-port must be 1-65535');
    localPort = port('local-port', values['local-port'], 0);
  } catch (e) {
    io.stderr.write(`bastionless preflight: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  let ctx;
  try {
    ctx = awsContextFromFlags(values, io);
    const checks = await runPreflight(ctx, {
      target: values.target,
      remotePort,
      host: values.host,
      bind: values.bind ?? '127.0.0.1',
      localPort,
      document:
        values.host !== undefined
          ? 'AWS-StartPortForwardingSessionToRemoteHost'
          : 'AWS-StartPortForwardingSession',
      probeSession: values['no-probe'] !== true,
    });
    const ok = checks.every((c) => c.ok);
    if (values.json === true) io.stdout.write(`${JSON.stringify({ ok, checks })}\n`);
    else
      for (const c of checks) {
        const mark = c.skipped === true ? 'SKIP' : !c.ok ? 'FAIL' : c.warning === true ? 'WARN' : ' OK ';
        io.stdout.write(`[${mark}] ${c.id.padEnd(13)} ${c.message}\n`);
        if (c.hint !== undefined && (!c.ok || c.warning === true))
          io.stdout.write(`       ${''.padEnd(13)} hint: ${c.hint}\n`);
      }
    return ok ? 0 : 1;
  } catch (e) {
    return printError(io, 'preflight', e, values.json);
  } finally {
    ctx?.destroy();
  }
}
