/**
 * `bastionless targets` — lists managed nodes (DescribeInstanceInformation + EC2 Name tags).
 *   bastionless targets [--profile P] [--region R] [--query Q] [--json] [--endpoint URL]
 */
import { listManagedNodes } from '../../engine/aws/discovery.js';
import type { CommandIo } from '../command.js';
import { parseCommand } from '../parseCommand.js';
import { AWS_FLAGS, awsContextFromFlags, printError } from './awsCommon.js';

const USAGE = 'usage: bastionless targets [--profile P] [--region R] [--query Q] [--json] [--endpoint URL]\n';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommand(
    { name: 'targets', usage: USAGE, options: { ...AWS_FLAGS, query: { type: 'string' } } },
    argv,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  let ctx;
  try {
    ctx = awsContextFromFlags(values, io);
    const nodes = await listManagedNodes(ctx, values.query !== undefined ? { query: values.query } : {});
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify(nodes)}\n`);
      return 0;
    }
    const rows = [
      ['INSTANCE', 'NAME', 'PLATFORM', 'PING', 'AGENT', 'IP'],
      ...nodes.map((n) => [
        n.instanceId,
        n.name ?? n.computerName ?? '-',
        n.platformName ?? n.platformType ?? '-',
        n.pingStatus,
        n.agentVersion ?? '-',
        n.ipAddress ?? '-',
      ]),
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    for (const r of rows)
      io.stdout.write(
        `${r
          .map((c, i) => c.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd()}\n`,
      );
    io.stdout.write(`${nodes.length} managed node${nodes.length === 1 ? '' : 's'} in ${ctx.region}\n`);
    return 0;
  } catch (e) {
    return printError(io, 'targets', e, values.json);
  } finally {
    ctx?.destroy();
  }
}
