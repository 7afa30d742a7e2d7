import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HELP_FLAG, parseCommand } from '../../../../electron/cli/parseCommand.js';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = (s: PassThrough) => () => String(s.read() ?? '');
  return { io: { stdout, stderr, env: {} }, out: text(stdout), err: text(stderr) };
}

const spec = {
  name: 'demo',
  usage: 'usage: bastionless demo [--port N]\n',
  options: { port: { type: 'string' }, ...HELP_FLAG },
} as const;

describe('parseCommand', () => {
  it('returns typed flags', () => {
    const t = io();
    const r = parseCommand(spec, ['--port', '5432'], t.io);
    expect(typeof r === 'number' ? r : r.values.port).toBe('5432');
  });

  it('--help and -h print the usage to stdout and stop with 0', () => {
    for (const flag of ['--help', '-h']) {
      const t = io();
      expect(parseCommand(spec, [flag], t.io)).toBe(0);
      expect(t.out()).toBe(spec.usage);
    }
  });

  it('an unknown flag or a stray argument: one line naming the command, the usage, exit 2', () => {
    const t = io();
    expect(parseCommand(spec, ['--nope'], t.io)).toBe(2);
    expect(t.err()).toMatch(/^bastionless demo: .*--nope.*\nusage: bastionless demo/);
    const u = io();
    expect(parseCommand(spec, ['stray'], u.io)).toBe(2);
    expect(u.err()).toMatch(/^bastionless demo: unexpected argument 'stray'\n/);
    const v = io();
    const r = parseCommand({ ...spec, positionals: true }, ['a', 'b'], v.io);
    expect(typeof r === 'number' ? [] : r.positionals).toEqual(['a', 'b']);
  });
});
