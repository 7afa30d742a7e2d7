import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runLaunch, urlOpener } from '../../../../../electron/engine/launch/spawnLaunch.js';
import { WRITE_ARGV_SCRIPT } from '../../../../fixtures/recorders.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bl-launch-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('runLaunch', () => {
  it('spawns without a shell: shell syntax arrives verbatim as one argument', async () => {
    const out = join(dir, 'argv.json');
    const victim = join(dir, 'x');
    const args = ['-e', WRITE_ARGV_SCRIPT, out, `; rm -rf ${victim}`, '$(touch pwned)', 'a b'];
    const run = await runLaunch({ kind: 'spawn', command: process.execPath, args });
    expect(run.child).toBeDefined();
    const [code] = (await once(run.child!, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual([`; rm -rf ${victim}`, '$(touch pwned)', 'a b']);
    expect(existsSync(join(process.cwd(), 'pwned'))).toBe(false);
  });

  it('writes temp files with mode 0600 and removes them after the delay', async () => {
    const file = join(dir, 'p.rdp');
    const out = join(dir, 'seen.json');
    // The child copies the temp file's content, proving it existed when the client started.
    const script =
      "const fs=require('fs');fs.writeFileSync(process.argv[2], fs.readFileSync(process.argv[1]))";
    const run = await runLaunch(
      {
        kind: 'spawn',
        command: process.execPath,
        args: ['-e', script, file, out],
        tempFiles: [{ path: file, content: 'full address:s:127.0.0.1:1\r\n', mode: 0o600 }],
      },
      // Long enough for the client to start on a loaded box; the dir is removed in afterEach.
      { removeAfterMs: 120_000 },
    );
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const [code] = (await once(run.child!, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('full address:s:127.0.0.1:1\r\n');
  });

  it('removes temp files once the delay has passed', async () => {
    const file = join(dir, 'r.rdp');
    const run = await runLaunch(
      {
        kind: 'spawn',
        command: process.execPath,
        args: ['-e', ''],
        tempFiles: [{ path: file, content: 'x', mode: 0o600 }],
      },
      { removeAfterMs: 0 },
    );
    expect(existsSync(file)).toBe(true);
    await run.cleaned;
    expect(existsSync(file)).toBe(false);
  });

  it('a missing program is LAUNCH_FAILED and the temp files are removed at once', async () => {
    const file = join(dir, 'q.rdp');
    await expect(
      runLaunch({
        kind: 'spawn',
        command: join(dir, 'no-such-client'),
        args: [],
        tempFiles: [{ path: file, content: 'x', mode: 0o600 }],
      }),
    ).rejects.toMatchObject({ code: 'LAUNCH_FAILED' });
    expect(existsSync(file)).toBe(false);
  });

  it('hands URLs to openUrl when given', async () => {
    const opened: string[] = [];
    const run = await runLaunch(
      { kind: 'open-url', url: 'http://127.0.0.1:1/' },
      {
        openUrl: (u) => {
          opened.push(u);
          return Promise.resolve();
        },
      },
    );
    expect(run.child).toBeUndefined();
    expect(opened).toEqual(['http://127.0.0.1:1/']);
  });

  it('URL openers are argv without a shell', () => {
    expect(urlOpener('win32', 'http://x/?a&b')).toEqual({
      command: 'rundll32',
      args: ['url.dll,FileProtocolHandler', 'http://x/?a&b'],
    });
    expect(urlOpener('darwin', 'u')).toEqual({ command: 'open', args: ['u'] });
    expect(urlOpener('linux', 'u')).toEqual({ command: 'xdg-open', args: ['u'] });
  });
});
