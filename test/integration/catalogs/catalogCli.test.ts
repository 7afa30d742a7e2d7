/**
 * `bastionless catalog …` as users run it (node bin/bastionless.js), against the simulator's
 * Parameter Store through --endpoint, in a temp BASTIONLESS_HOME shared with `profiles`.
 */
import { execFile, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../shared/contract/api.js';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';
import { buildNode, cliEnv, ROOT, tempDir } from '../cli/forwardCli.js';

let sim: Simulator;
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  buildNode();
  sim = await startSimulator({ deniedParameterPaths: ['/team/denied'] });
  home = tempDir('bl-catalog-cli-');
  env = { ...cliEnv(sim.endpoint, home), BASTIONLESS_HOME: home };
}, 120_000);
afterAll(async () => {
  await sim?.close();
  rmSync(home, { recursive: true, force: true });
});

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run('catalog', ...args);
}

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/bastionless.js'), ...args],
      { cwd: ROOT, env },
      (e, stdout, stderr) =>
        resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const profile = (name: string, remotePort: number) =>
  JSON.stringify({ name, target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' }, remotePort });

describe('bastionless catalog', () => {
  it('add → list → refresh → rm against the simulator Parameter Store', async () => {
    sim.setParameter('/team/cli/orders', profile('orders DB', 5432));
    sim.setParameter('/team/cli/admin', profile('admin', 8080));
    const added = await cli(
      'add',
      '--name',
      'Platform',
      '--parameter-path',
      '/team/cli',
      '--refresh-minutes',
      '5',
      '--endpoint',
      sim.endpoint,
      '--json',
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const [c] = JSON.parse(added.stdout) as Catalog[];
    expect(c).toMatchObject({
      name: 'Platform',
      profileCount: 2,
      refreshMinutes: 5,
      source: { kind: 'parameter-store', path: '/team/cli' },
    });

    const listed = await cli('list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('Platform');
    expect(listed.stdout).toContain('ssm:/team/cli');
    expect(listed.stdout).toMatch(/2 profile\(s\)/);
    expect(listed.stdout).toContain('- orders DB');

    sim.setParameter('/team/cli/new', profile('new one', 22));
    // The endpoint from the environment this time.
    env['BASTIONLESS_SIMULATOR_ENDPOINT'] = sim.endpoint;
    const refreshed = await cli('refresh', 'platform', '--json');
    expect(refreshed.code).toBe(0);
    expect((JSON.parse(refreshed.stdout) as Catalog[])[0]?.profileCount).toBe(3);

    // `profiles list` and `up` see the cached catalog profiles (offline, no refresh).
    const plist = await run('profiles', 'list');
    expect(plist.code).toBe(0);
    expect(plist.stdout).toMatch(/orders DB .*\(team catalog, read-only\)/);
    const up = spawn(process.execPath, [join(ROOT, 'bin/bastionless.js'), 'up', 'orders DB', '--json'], {
      cwd: ROOT,
      env,
    });
    const firstLine = await new Promise<string>((resolve, reject) => {
      let out = '';
      up.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      up.on('exit', (code) => reject(new Error(`up exited ${code}: ${out}`)));
    });
    up.kill('SIGTERM');
    await new Promise((r) => up.once('exit', r));
    expect(JSON.parse(firstLine)).toMatchObject({ event: 'state', name: 'orders DB', status: 'listening' });

    // Same data dir as `profiles`: the catalog file sits beside profiles.json.
    const file = join(home, 'team.yaml');
    writeFileSync(
      file,
      'profiles:\n  - name: from a file\n    target: { kind: instance, instanceId: i-0123456789abcdef0 }\n    remotePort: 1\n',
    );
    expect((await cli('add', '--name', 'Shared drive', '--file', file)).code).toBe(0);
    const json = JSON.parse((await cli('list', '--json')).stdout) as Catalog[];
    expect(json.map((x) => [x.name, x.profileCount])).toEqual([
      ['Platform', 3],
      ['Shared drive', 1],
    ]);

    const rm = await cli('rm', 'Shared drive');
    expect(rm).toMatchObject({ code: 0, stdout: 'Removed catalog "Shared drive".\n' });
    expect((JSON.parse((await cli('list', '--json')).stdout) as Catalog[]).map((x) => x.name)).toEqual([
      'Platform',
    ]);
  });

  it('reports access denied naming the action and the path, and exits 1', async () => {
    sim.setParameter('/team/denied/x', profile('x', 1));
    const r = await cli('add', '--name', 'Denied', '--parameter-path', '/team/denied');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error: access denied: ssm:GetParametersByPath on /team/denied');
    expect(r.stderr).toContain('the first refresh failed');
    const again = await cli('refresh', 'Denied');
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('hint: Your role needs ssm:GetParametersByPath');
  });

  it('rejects bad usage with exit 2 and unknown names with exit 1', async () => {
    const both = await cli('add', '--name', 'x', '--file', 'a', '--url', 'http://127.0.0.1/x');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('exactly one of --parameter-path, --file, --url');
    const missing = await cli('refresh', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no catalog named "nope"');
  });
});
