/**
 * Spawns the built CLI (`node bin/bastionless.js …`, the way users run it) against the simulator
 * through the standard AWS environment (AWS_ENDPOINT_URL_SSM, keys, region).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = new URL('../../../', import.meta.url).pathname;

/** `npm run build:node` (incremental: about a second when dist/ is current). */
export function buildNode(): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

export function cliEnv(endpoint: string, runtimeDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Only what a user's shell would have, plus the AWS variables; no inherited AWS_* surprises.
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG'])
    if (process.env[k] !== undefined) env[k] = process.env[k];
  return {
    ...env,
    AWS_ENDPOINT_URL_SSM: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIDCLITEST',
    AWS_SECRET_ACCESS_KEY: 'cli-test-secret',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(runtimeDir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(runtimeDir, 'no-aws-credentials'),
    BASTIONLESS_RUNTIME_DIR: runtimeDir,
  };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface CliRun {
  readonly child: ChildProcess;
  /** Every stdout line so far. */
  readonly lines: string[];
  readonly stderr: () => string;
  /** The next stdout line matching `pred` (already seen lines count). */
  waitLine(pred: (line: string) => boolean): Promise<string>;
  readonly exit: Promise<number | null>;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv): CliRun {
  const child = spawn(process.execPath, [join(ROOT, 'bin/bastionless.js'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { pred: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (err += d));
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const w of [...waiters])
      if (w.pred(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    stderr: () => err,
    exit,
    waitLine: (pred) =>
      new Promise((resolve, reject) => {
        const seen = lines.find(pred);
        if (seen !== undefined) {
          resolve(seen);
          return;
        }
        waiters.push({ pred, resolve });
        void exit.then((code) =>
          reject(
            new Error(
              `CLI exited ${code} before the expected line; stdout ${lines.join('\n')} stderr ${err}`,
            ),
          ),
        );
      }),
  };
}
