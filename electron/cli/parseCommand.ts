/**
 * Flag parsing every sub-command shares: `node:util` parseArgs in strict mode, `--help`/`-h` prints
 * the usage (exit 0), a bad flag prints one line plus the usage on stderr (exit 2). Returns the
 * parsed flags, or the exit code when the command should stop here.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CommandIo } from './command.js';

type Options = NonNullable<ParseArgsConfig['options']>;
export type ParsedCommand<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; strict: true; allowPositionals: true }>
>;

export const HELP_FLAG = { help: { type: 'boolean', short: 'h' } } as const;

export function parseCommand<const O extends Options>(
  spec: {
    readonly name: string;
    readonly usage: string;
    readonly options: O;
    readonly positionals?: boolean;
  },
  argv: string[],
  io: CommandIo,
): ParsedCommand<O> | number {
  let parsed: ParsedCommand<O>;
  try {
    parsed = parseArgs({ args: argv, options: spec.options, strict: true, allowPositionals: true });
    if (spec.positionals !== true && parsed.positionals.length > 0)
      throw new Error(`unexpected argument '${parsed.positionals[0]}'`);
  } catch (e) {
    io.stderr.write(`bastionless ${spec.name}: ${e instanceof Error ? e.message : String(e)}\n${spec.usage}`);
    return 2;
  }
  if ((parsed.values as Record<string, unknown>)['help'] === true) {
    io.stdout.write(spec.usage);
    return 0;
  }
  return parsed;
}
