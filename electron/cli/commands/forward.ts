// Placeholder until the owning issue lands this command; fails loudly rather than pretending.
import type { CommandIo } from '../command.js';

export function run(_argv: string[], io: CommandIo): Promise<number> {
  io.stderr.write('bastionless forward: not implemented yet\n');
  return Promise.resolve(1);
}
