/**
 * The Windows password reaches the RDP client only through its stdin (xfreerdp /from-stdin), never
 * argv, an .rdp file or anything else another local user can read. A fake `xfreerdp` (a real
 * executable script) records its argv, its /proc cmdline and what arrives on its stdin.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildLaunch, type LaunchEnvironment } from '../../../../../electron/engine/launch/buildLaunch.js';
import { runLaunch } from '../../../../../electron/engine/launch/spawnLaunch.js';
import { Profile } from '../../../../../shared/model/profile.js';
import { readRecorded, writeRecordingProgram } from '../../../../fixtures/recorders.js';

const PASSWORD = 'W1nd0ws!Pa$$ \'quoted\' "x"';
const ADDRESS = { host: '127.0.0.1', port: 33389 };

function rdpProfile(username?: string): Profile {
  return Profile.parse({
    id: 'p-win',
    name: 'win',
    kind: 'rdp',
    target: { kind: 'instance', instanceId: 'i-0bbbbbbbbbbbbbbb2' },
    remotePort: 3389,
    launcher: { kind: 'rdp', ...(username !== undefined ? { username } : {}), fetchWindowsPassword: true },
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bl-winpw-launch-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function env(platform: NodeJS.Platform, clients: Record<string, string>): LaunchEnvironment {
  return { platform, which: (c) => clients[c], tmpDir: dir };
}

describe('buildLaunch with a Windows password', () => {
  it('xfreerdp: /u:Administrator /from-stdin:force in argv, the password only in stdin', () => {
    const plan = buildLaunch(rdpProfile(), ADDRESS, env('linux', { xfreerdp: '/usr/bin/xfreerdp' }), {
      windowsPassword: PASSWORD,
    });
    expect(plan).toEqual({
      kind: 'spawn',
      command: '/usr/bin/xfreerdp',
      args: ['/v:127.0.0.1:33389', '/u:Administrator', '/from-stdin:force'],
      // Empty domain line, then the password line (FreeRDP asks domain before password).
      stdin: `\n${PASSWORD}\n`,
    });
    // A username set in the profile wins over the default.
    const named = buildLaunch(rdpProfile('ops'), ADDRESS, env('linux', { xfreerdp: '/x' }), {
      windowsPassword: PASSWORD,
    });
    expect(named.kind === 'spawn' && named.args).toContain('/u:ops');
  });

  it('without a password xfreerdp gets no stdin and no /from-stdin', () => {
    const plan = buildLaunch(rdpProfile(), ADDRESS, env('linux', { xfreerdp: '/x' }));
    expect(plan).toEqual({ kind: 'spawn', command: '/x', args: ['/v:127.0.0.1:33389'] });
  });

  it.each(['win32', 'darwin'] as const)(
    '%s: the password goes nowhere (no argv, no .rdp line, no stdin): the UI copies it instead',
    (platform) => {
      const plan = buildLaunch(rdpProfile(), ADDRESS, env(platform, {}), { windowsPassword: PASSWORD });
      expect(JSON.stringify(plan)).not.toContain('W1nd0ws');
      expect(plan.kind === 'spawn' && plan.stdin).toBeFalsy();
      expect(plan.kind === 'spawn' && plan.tempFiles?.[0]?.content).toContain('username:s:Administrator');
    },
  );

  it('remmina (no stdin channel) never receives the password', () => {
    const plan = buildLaunch(rdpProfile(), ADDRESS, env('linux', { remmina: '/usr/bin/remmina' }), {
      windowsPassword: PASSWORD,
    });
    expect(JSON.stringify(plan)).not.toContain('W1nd0ws');
  });

  it('a password with a line break is refused (it would end the stdin line early)', () => {
    expect(() =>
      buildLaunch(rdpProfile(), ADDRESS, env('linux', { xfreerdp: '/x' }), { windowsPassword: 'a\nb' }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('runLaunch with a stdin secret', () => {
  it('a spawned fake xfreerdp reads the password on stdin; its argv and cmdline do not hold it', async () => {
    const out = join(dir, 'seen.json');
    const fake = join(dir, 'xfreerdp');
    writeRecordingProgram(fake, out);
    const plan = buildLaunch(rdpProfile(), ADDRESS, env('linux', { xfreerdp: fake }), {
      windowsPassword: PASSWORD,
    });
    const run = await runLaunch(plan);
    expect(run.child).toBeDefined();
    const seen = await readRecorded(out);
    expect(seen.stdin).toBe(`\n${PASSWORD}\n`);
    expect(seen.argv).toEqual(['/v:127.0.0.1:33389', '/u:Administrator', '/from-stdin:force']);
    expect(seen.argv.join(' ')).not.toContain('W1nd0ws');
    if (process.platform === 'linux') {
      expect(seen.cmdline).toContain('/from-stdin:force');
      expect(seen.cmdline).not.toContain('W1nd0ws');
    }
  });
});
