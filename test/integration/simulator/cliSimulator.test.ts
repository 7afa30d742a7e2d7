/** `bastionless simulator --json`: ready line first, serves the SDK, exits 0 on SIGTERM/SIGINT. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { DescribeInstanceInformationCommand } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import { ssmClient } from './helpers.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function launch(args: string[]): {
  child: ChildProcess;
  firstLine: Promise<string>;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'simulator', ...args], {
    cwd: new URL('../../../', import.meta.url).pathname,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout });
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited ${code} before the ready line`)));
  });
  firstLine.catch(() => {}); // awaited only by the tests that expect a ready line
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, firstLine, exit };
}

describe('bastionless simulator CLI', () => {
  it('prints the ready line, serves the API with the agent-version override and exits 0 on SIGTERM', async () => {
    const { child, firstLine, exit } = launch(['--json', '--agent-version', '3.2.0.0', '--loss', '0']);
    const line = await firstLine;
    expect(line).toMatch(/^\{"event":"ready","endpoint":"http:\/\/127\.0\.0\.1:\d+"\}$/);
    const { endpoint } = JSON.parse(line) as { endpoint: string };
    const out = await ssmClient(endpoint).send(new DescribeInstanceInformationCommand({}));
    expect(out.InstanceInformationList![0]).toMatchObject({
      InstanceId: 'i-0123456789abcdef0',
      AgentVersion: '3.2.0.0',
    });
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('rejects bad flags with exit code 2', async () => {
    const { exit } = launch(['--pacing', 'warp']);
    expect(await exit).toBe(2);
  });

  it('applies --reject-credentials and exits 0 on SIGINT', async () => {
    const { child, firstLine, exit } = launch(['--json', '--reject-credentials', 'expired']);
    const { endpoint } = JSON.parse(await firstLine) as { endpoint: string };
    await expect(ssmClient(endpoint).send(new DescribeInstanceInformationCommand({}))).rejects.toMatchObject({
      name: 'ExpiredTokenException',
    });
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  });
});
