import { describe, expect, it } from 'vitest';
import {
  applyStartAtLogin,
  autostartEntry,
  autostartPath,
  HIDDEN_ARG,
  type LoginItemDeps,
} from '../../../../electron/shell/loginItem.js';

function deps(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}) {
  const ops: unknown[] = [];
  const d: LoginItemDeps = {
    platform,
    env,
    homeDir: '/home/u',
    execPath: '/opt/Bastionless/bastionless',
    setLoginItemSettings: (s) => ops.push(['login-item', s]),
    writeFile: (path, text) => ops.push(['write', path, text]),
    removeFile: (path) => ops.push(['remove', path]),
  };
  return { d, ops };
}

describe('start at login', () => {
  it.each(['win32', 'darwin'] as const)('%s uses the login-item API with the hidden flag', (platform) => {
    const { d, ops } = deps(platform);
    applyStartAtLogin(true, d);
    applyStartAtLogin(false, d);
    expect(ops).toEqual([
      ['login-item', { openAtLogin: true, args: [HIDDEN_ARG] }],
      ['login-item', { openAtLogin: false, args: [HIDDEN_ARG] }],
    ]);
  });

  it('Linux writes and removes an XDG autostart entry, preferring $APPIMAGE and $XDG_CONFIG_HOME', () => {
    const { d, ops } = deps('linux', {
      APPIMAGE: '/home/u/Apps/Bastionless 1.0.AppImage',
      XDG_CONFIG_HOME: '/cfg',
    });
    applyStartAtLogin(true, d);
    applyStartAtLogin(false, d);
    expect(ops).toEqual([
      [
        'write',
        '/cfg/autostart/bastionless.desktop',
        autostartEntry('/home/u/Apps/Bastionless 1.0.AppImage'),
      ],
      ['remove', '/cfg/autostart/bastionless.desktop'],
    ]);
    expect(autostartPath({}, '/home/u')).toBe('/home/u/.config/autostart/bastionless.desktop');
  });

  it('quotes the Exec path when it needs it', () => {
    expect(autostartEntry('/opt/b/bastionless')).toContain('\nExec=/opt/b/bastionless --hidden\n');
    expect(autostartEntry('/a b/$x"y')).toContain('\nExec="/a b/\\$x\\"y" --hidden\n');
  });
});
