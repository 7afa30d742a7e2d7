/** Finds an executable on PATH (no shell, no `which` binary). */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export function whichOnPath(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const dirs = (env['PATH'] ?? env['Path'] ?? '').split(delimiter).filter((d) => d !== '');
  const exts =
    platform === 'win32' ? (env['PATHEXT'] ?? '.EXE;.CMD;.BAT;.COM').split(';').concat(['']) : [''];
  for (const dir of dirs)
    for (const ext of exts) {
      const candidate = join(dir, command + ext);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  return undefined;
}
