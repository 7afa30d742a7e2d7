/** `bastionless targets | preflight | login` run in-process against the simulator / fake OIDC. */
import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as login } from '../../../electron/cli/commands/login.js';
import { run as preflight } from '../../../electron/cli/commands/preflight.js';
import { run as targets } from '../../../electron/cli/commands/targets.js';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';
import { makeAwsHome, type AwsHome } from './awsHome.js';
import { startFakeAwsServer, type FakeAwsServer } from './fakeAwsServer.js';

let sim: Simulator;
let fake: FakeAwsServer;
let home: AwsHome;

beforeAll(async () => {
  home = makeAwsHome();
  sim = await startSimulator();
  fake = await startFakeAwsServer();
});
afterAll(async () => {
  await sim.close();
  await fake.close();
  home.restore();
});

function io(env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return {
    io: { stdout, stderr, env: { AWS_ACCESS_KEY_ID: 'AKIACLI', AWS_SECRET_ACCESS_KEY: 's', ...env } },
    stdout,
    out: () => out,
    err: () => err,
  };
}

describe('bastionless targets', () => {
  it('--json prints the managed nodes', async () => {
    const t = io();
    expect(await targets(['--endpoint', sim.endpoint, '--region', 'us-east-1', '--json'], t.io)).toBe(0);
    const nodes = JSON.parse(t.out()) as { instanceId: string; name?: string }[];
    expect(nodes.map((n) => n.name)).toContain('web-1');
    expect(nodes).toHaveLength(sim.instances().length);
  });

  it('prints a table, filtered by --query, using BASTIONLESS_SIMULATOR_ENDPOINT', async () => {
    const t = io({ BASTIONLESS_SIMULATOR_ENDPOINT: sim.endpoint });
    expect(await targets(['--query', 'win'], t.io)).toBe(0);
    const lines = t.out().trim().split('\n');
    expect(lines[0]).toMatch(/^INSTANCE\s+NAME\s+PLATFORM\s+PING\s+AGENT\s+IP$/);
    expect(lines[1]).toMatch(
      /^i-0bbbbbbbbbbbbbbb2\s+win-rdp\s+Microsoft Windows Server 2022 Datacenter\s+Online/,
    );
    expect(lines.at(-1)).toBe('1 managed node in us-east-1');
  });

  it('an unknown profile exits 1 with a hint', async () => {
    const t = io();
    expect(await targets(['--profile', 'ghost', '--region', 'eu-west-1'], t.io)).toBe(1);
    expect(t.err()).toContain("AWS profile 'ghost' is not in");
    expect(t.err()).toContain('hint:');
  });
});

describe('bastionless preflight', () => {
  it('exits 0 when every check passes', async () => {
    const t = io();
    const code = await preflight(
      ['--endpoint', sim.endpoint, '--target', 'i-0123456789abcdef0', '--remote-port', '22'],
      t.io,
    );
    expect(t.out()).toMatch(/^\[ OK \] credentials/m);
    expect(code).toBe(0);
  });

  it('exits 1 and explains an offline target; --json carries the checks', async () => {
    const t = io();
    const code = await preflight(
      ['--endpoint', sim.endpoint, '--target', 'i-0ccccccccccccccc3', '--remote-port', '22', '--json'],
      t.io,
    );
    expect(code).toBe(1);
    const res = JSON.parse(t.out()) as {
      ok: boolean;
      checks: { id: string; ok: boolean; error?: { code: string } }[];
    };
    expect(res.ok).toBe(false);
    expect(res.checks.find((c) => c.id === 'target')?.error?.code).toBe('TARGET_NOT_CONNECTED');
  });

  it('rejects missing flags with usage (exit 2)', async () => {
    const t = io();
    expect(await preflight(['--remote-port', '22'], t.io)).toBe(2);
    expect(t.err()).toContain('--target is required');
  });
});

describe('bastionless login', () => {
  it('--json prints the prompt, waits for approval and caches the token', async () => {
    home.writeConfig(
      `[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n` +
        `[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n`,
    );
    const t = io({ HOME: home.home, AWS_CONFIG_FILE: home.configPath });
    t.stdout.on('data', (c: Buffer) => {
      const line = c.toString().split('\n')[0] ?? '';
      const msg = JSON.parse(line) as { event: string; verificationUriComplete?: string };
      if (msg.event === 'prompt') void fetch(msg.verificationUriComplete!);
    });
    const code = await login(['--profile', 'sso', '--endpoint', fake.endpoint, '--json'], t.io);
    expect(t.err()).toBe('');
    expect(code).toBe(0);
    const done = JSON.parse(t.out().trim().split('\n').at(-1)!) as { event: string; cachePath: string };
    expect(done.event).toBe('done');
    expect(done.cachePath.startsWith(home.home)).toBe(true);
    expect(existsSync(done.cachePath)).toBe(true);
  });
});
