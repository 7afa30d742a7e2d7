/**
 * Carries out a LaunchPlan: writes its temp files (mode 0600: an .rdp file names the user), spawns the
 * client detached WITHOUT a shell (arguments arrive verbatim, `; rm -rf x` stays one argument), and
 * deletes the temp files after a delay long enough for the client to have read them. A plan's `stdin`
 * secret goes down a pipe, never into argv or a file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { failure } from '../aws/engineFailure.js';
import type { LaunchPlan } from './buildLaunch.js';

export interface RunLaunchOptions {
  readonly platform?: NodeJS.Platform;
  /** How long temp files live after the spawn (the client reads them at start). Default 60 s. */
  readonly removeAfterMs?: number;
  /** Opens a URL (Electron passes shell.openExternal); default spawns the platform's opener. */
  readonly openUrl?: (url: string) => Promise<void>;
}

export interface LaunchRun {
  /** Undefined when a URL was handed to `openUrl`. */
  readonly child: ChildProcess | undefined;
  /** Resolves once the temp files are removed. */
  readonly cleaned: Promise<void>;
}

/** The platform's "open this URL" program, as argv (no shell; win32 uses url.dll, not `cmd /c start`). */
export function urlOpener(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  if (platform === 'darwin') return { command: 'open', args: [url] };
  return { command: 'xdg-open', args: [url] };
}

/** `stdin` (a secret) is written to the child's stdin and stdin closed; otherwise stdin is ignored. */
function spawnDetached(command: string, args: string[], stdin?: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      shell: false,
      detached: true,
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'ignore', 'ignore'],
    });
    // A client that exits without reading its stdin must not crash us with EPIPE.
    child.stdin?.on('error', () => undefined);
    child.once('error', (e) =>
      reject(
        failure('LAUNCH_FAILED', `cannot start ${command}: ${e.message}`, {
          hint: `Check that ${command} is installed and on PATH.`,
        }),
      ),
    );
    child.once('spawn', () => {
      if (stdin !== undefined) child.stdin?.end(stdin);
      child.unref();
      resolve(child);
    });
  });
}

export async function runLaunch(plan: LaunchPlan, options: RunLaunchOptions = {}): Promise<LaunchRun> {
  if (plan.kind === 'open-url') {
    if (options.openUrl) {
      await options.openUrl(plan.url);
      return { child: undefined, cleaned: Promise.resolve() };
    }
    const opener = urlOpener(options.platform ?? process.platform, plan.url);
    return { child: await spawnDetached(opener.command, opener.args), cleaned: Promise.resolve() };
  }
  const files = plan.tempFiles ?? [];
  for (const f of files) {
    await writeFile(f.path, f.content, { mode: f.mode });
    await chmod(f.path, f.mode); // an existing file keeps its old mode on writeFile
  }
  const removeAll = () => Promise.all(files.map((f) => rm(f.path, { force: true }))).then(() => undefined);
  let child: ChildProcess;
  try {
    child = await spawnDetached(plan.command, plan.args, plan.stdin);
  } catch (e) {
    await removeAll();
    throw e;
  }
  const cleaned =
    files.length === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          setTimeout(() => {
            void removeAll().then(resolve, () => resolve());
          }, options.removeAfterMs ?? 60_000).unref();
        });
  return { child, cleaned };
}
