/**
 * Where Bastionless keeps its files: BASTIONLESS_HOME when set (tests, portable installs), else the
 * platform's per-user application data directory.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function appDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env['BASTIONLESS_HOME']) return env['BASTIONLESS_HOME'];
  const home = env['HOME'] ?? env['USERPROFILE'] ?? homedir();
  if (platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'Bastionless');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Bastionless');
  return join(env['XDG_CONFIG_HOME'] ?? join(home, '.config'), 'bastionless');
}
