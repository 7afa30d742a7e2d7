/**
 * "Start at login". Electron's app.setLoginItemSettings covers Windows and macOS only
 * (https://www.electronjs.org/docs/latest/api/app#appsetloginitemsettingssettings-macos-windows), so on
 * Linux we write or remove an XDG autostart entry (freedesktop.org Desktop Application Autostart spec):
 * $XDG_CONFIG_HOME/autostart/bastionless.desktop. Either way the app starts with HIDDEN_ARG, straight to
 * the tray. File operations are injected so this is tested without touching the real home directory.
 */
import { join } from 'node:path';

export const HIDDEN_ARG = '--hidden';
export const AUTOSTART_FILE = 'bastionless.desktop';

export interface LoginItemDeps {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  /** The executable to start: process.execPath, or $APPIMAGE when running from an AppImage. */
  readonly execPath: string;
  readonly setLoginItemSettings: (s: { openAtLogin: boolean; args: string[] }) => void;
  readonly writeFile: (path: string, text: string) => void;
  readonly removeFile: (path: string) => void;
}

/** Desktop Entry values are not shell-parsed but Exec is: quote the path (spec "Exec key"). */
function execQuote(arg: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(arg) ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartEntry(execPath: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Bastionless',
    'Comment=Tunnel manager for AWS Session Manager',
    `Exec=${execQuote(execPath)} ${HIDDEN_ARG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function autostartPath(env: NodeJS.ProcessEnv, homeDir: string): string {
  const config =
    env['XDG_CONFIG_HOME'] !== undefined && env['XDG_CONFIG_HOME'] !== ''
      ? env['XDG_CONFIG_HOME']
      : join(homeDir, '.config');
  return join(config, 'autostart', AUTOSTART_FILE);
}

export function applyStartAtLogin(enabled: boolean, deps: LoginItemDeps): void {
  if (deps.platform === 'win32' || deps.platform === 'darwin') {
    deps.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
    return;
  }
  const path = autostartPath(deps.env, deps.homeDir);
  if (enabled) deps.writeFile(path, autostartEntry(deps.env['APPIMAGE'] ?? deps.execPath));
  else deps.removeFile(path);
}
