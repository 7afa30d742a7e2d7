/** `bastionless status [--json]`: the tunnels of every running local engine (CLI forward/up, ui, app). */
import { readRuntimes } from '../../engine/tunnel/runtimeFile.js';
import type { CommandIo } from '../command.js';
import { HELP_FLAG, parseCommand } from '../parseCommand.js';

const USAGE = 'usage: bastionless status [--json]\n';

export function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommand(
    { name: 'status', usage: USAGE, options: { json: { type: 'boolean' }, ...HELP_FLAG } },
    argv,
    io,
  );
  if (typeof parsed === 'number') return Promise.resolve(parsed);
  const json = parsed.values.json === true;
  const engines = readRuntimes(io.env);
  if (json) {
    io.stdout.write(`${JSON.stringify({ engines })}\n`);
    return Promise.resolve(0);
  }
  if (engines.length === 0) {
    io.stdout.write('No local Bastionless engine is running.\n');
    return Promise.resolve(0);
  }
  for (const e of engines) {
    io.stdout.write(`engine pid ${e.pid} (${e.kind}), ${e.tunnels.length} tunnel(s)\n`);
    for (const t of e.tunnels) {
      const addr = t.localPort !== undefined ? `${t.localAddress ?? '127.0.0.1'}:${t.localPort}` : '-';
      const err =
        t.lastError && (t.status === 'failed' || t.status === 'needs-login')
          ? `  (${t.lastError.message})`
          : '';
      io.stdout.write(
        `  ${t.name.padEnd(28)} ${t.status.padEnd(13)} ${addr.padEnd(22)} → ${t.target ?? '?'}  conns ${t.health.activeConnections}  in ${t.health.bytesIn} B  out ${t.health.bytesOut} B  reconnects ${t.health.reconnects}${err}\n`,
      );
    }
  }
  return Promise.resolve(0);
}
