/**
 * Windows Administrator password end to end: the real @aws-sdk/client-ec2 → the simulator's fake EC2
 * GetPasswordData (RSA PKCS#1 v1.5 with the key pair's public key) → our BigInt decrypt with the
 * user's key file. Then the same through the engine contract (`targets.windowsPassword`, tag target
 * resolved like a tunnel) and `tunnels.launch` with a key file: a fake xfreerdp on the engine's PATH
 * receives the password on stdin, never in argv; nothing is written into the profiles file. And the
 * built CLI, `bastionless password`.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../electron/engine/api/engine.js';
import { createAwsContext } from '../../../electron/engine/aws/clientFactory.js';
import { fetchWindowsPassword } from '../../../electron/engine/aws/windowsPassword.js';
import { defaultAwsServices, FakeAwsState } from '../../../electron/simulator/aws/index.js';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';
import { buildNode, ROOT } from '../cli/forwardCli.js';
import { readRecorded, writeRecordingProgram } from '../../fixtures/recorders.js';

const WIN = 'i-0bbbbbbbbbbbbbbb2';
const PASSWORD = 'Sim-Adm1n!pw';

let sim: Simulator;
let dir: string;
let keyFile: string;
let otherKeyFile: string;
const state = new FakeAwsState();

function pem(): { pub: string; priv: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    pub: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    priv: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bl-winpw-int-'));
  const right = pem();
  const wrong = pem();
  keyFile = join(dir, 'win.pem');
  otherKeyFile = join(dir, 'other.pem');
  writeFileSync(keyFile, right.priv, { mode: 0o600 });
  writeFileSync(otherKeyFile, wrong.priv, { mode: 0o600 });
  state.setWindowsPassword(WIN, PASSWORD, right.pub);
  sim = await startSimulator({ awsServices: (ctx) => defaultAwsServices(ctx, state) });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function ctx() {
  return createAwsContext({
    simulatorEndpoint: sim.endpoint,
    region: 'us-east-1',
    env: {},
    credentials: () => Promise.resolve({ accessKeyId: 'AKIDWINPW', secretAccessKey: 's' }),
  });
}

describe('fetchWindowsPassword against the simulator (real SDK)', () => {
  it('decrypts the password with the right key; wrong key, no password yet, unknown instance fail clearly', async () => {
    const c = ctx();
    try {
      await expect(fetchWindowsPassword(c, WIN, keyFile)).resolves.toBe(PASSWORD);
      await expect(fetchWindowsPassword(c, WIN, otherKeyFile)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('does not decrypt this password') as string,
      });
      // web-1 exists in EC2 but has no password data (Linux / not yet generated).
      await expect(fetchWindowsPassword(c, 'i-0123456789abcdef0', keyFile)).rejects.toMatchObject({
        code: 'NOT_FOUND',
        retryable: true,
        message: expect.stringContaining('not available yet, try again in a few minutes') as string,
      });
      await expect(fetchWindowsPassword(c, 'i-0fffffffffffffff9', keyFile)).rejects.toMatchObject({
        code: 'TARGET_NOT_FOUND',
      });
      expect(state.calls.get('ec2:GetPasswordData')).toBeGreaterThanOrEqual(4);
    } finally {
      c.destroy();
    }
  });
});

describe('through the engine contract', () => {
  let engine: Engine;
  let home: string;
  let bin: string;
  const seen = () => join(home, 'xfreerdp-seen.json');

  beforeAll(async () => {
    home = join(dir, 'home');
    bin = join(dir, 'bin');
    mkdirSync(home);
    mkdirSync(bin);
    // A fake xfreerdp that records argv, /proc cmdline and stdin.
    writeRecordingProgram(join(bin, 'xfreerdp'), seen());
    engine = await createEngine({
      dataDir: join(home, 'data'),
      backend: 'aws',
      env: {
        HOME: home,
        PATH: bin,
        AWS_ENDPOINT_URL: sim.endpoint,
        AWS_ACCESS_KEY_ID: 'AKIDWINPWENGINE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_REGION: 'us-east-1',
        AWS_CONFIG_FILE: join(home, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
      },
    });
  });
  afterAll(async () => {
    await engine.close();
  });

  async function saveWin(name: string, target: object): Promise<string> {
    const r = await engine.call('profiles.save', {
      name,
      kind: 'rdp',
      target,
      remotePort: 3389,
      launcher: { kind: 'rdp', fetchWindowsPassword: true },
    });
    if (!r.ok) throw new Error(r.error.message);
    return (r.value as { id: string }).id;
  }

  it('targets.windowsPassword resolves a tag target and returns the password; errors are EngineErrors', async () => {
    const id = await saveWin('win by tag', { kind: 'tag', key: 'Name', value: 'win-rdp' });
    expect(await engine.call('targets.windowsPassword', { profileId: id, keyFilePath: keyFile })).toEqual({
      ok: true,
      value: { password: PASSWORD },
    });
    expect(
      await engine.call('targets.windowsPassword', { profileId: id, keyFilePath: otherKeyFile }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', hint: expect.stringContaining('key pair') as string },
    });
    expect(
      await engine.call('targets.windowsPassword', { profileId: id, keyFilePath: join(dir, 'nope.pem') }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('cannot read') as string },
    });
    expect(await engine.call('targets.windowsPassword', { profileId: id })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    // Never persisted.
    expect(readFileSync(join(home, 'data', 'profiles.json'), 'utf8')).not.toContain(PASSWORD);
  });

  it('tunnels.launch with a key file hands the password to xfreerdp on stdin, not argv', async () => {
    const id = await saveWin('win launch', { kind: 'instance', instanceId: WIN });
    const r = await engine.call('tunnels.launch', { profileId: id, keyFilePath: keyFile });
    expect(r).toEqual({ ok: true, value: null });
    const s = await readRecorded(seen());
    expect(s.stdin).toBe(`\n${PASSWORD}\n`);
    expect(s.argv).toContain('/u:Administrator');
    expect(s.argv).toContain('/from-stdin:force');
    expect(`${s.argv.join(' ')} ${s.cmdline}`).not.toContain(PASSWORD);
    // A wrong key fails before anything is spawned.
    expect(await engine.call('tunnels.launch', { profileId: id, keyFilePath: otherKeyFile })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    const logs = await engine.call('logs.tail', { limit: 5000 });
    expect(JSON.stringify(logs)).not.toContain(PASSWORD);
  });
});

describe('bastionless password (built CLI)', () => {
  beforeAll(() => buildNode(), 120_000);

  function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, 'bin/bastionless.js'), 'password', ...args],
        {
          cwd: ROOT,
          env: {
            PATH: process.env['PATH'] ?? '',
            HOME: dir,
            BASTIONLESS_HOME: join(dir, 'cli-home'),
            AWS_ACCESS_KEY_ID: 'AKIDWINPWCLI',
            AWS_SECRET_ACCESS_KEY: 'secret',
            AWS_REGION: 'us-east-1',
            AWS_CONFIG_FILE: join(dir, 'none'),
            AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
          },
        },
        (error, stdout, stderr) =>
          resolve({
            code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
            out: stdout,
            err: stderr,
          }),
      );
    });
  }

  it('prints the password of an instance once on stdout (--json too); a wrong key exits 1', async () => {
    const text = await cli(WIN, '--key', keyFile, '--endpoint', sim.endpoint);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toBe(`${PASSWORD}\n`);
    expect(text.err).toContain('not stored');
    const json = await cli(WIN, '--key', keyFile, '--endpoint', sim.endpoint, '--json');
    expect(JSON.parse(json.out)).toEqual({ instanceId: WIN, password: PASSWORD });
    const wrong = await cli(WIN, '--key', otherKeyFile, '--endpoint', sim.endpoint);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('does not decrypt this password');
    expect(wrong.out).toBe('');
    const notYet = await cli('i-0123456789abcdef0', '--key', keyFile, '--endpoint', sim.endpoint);
    expect(notYet.code).toBe(1);
    expect(notYet.err).toContain('not available yet, try again in a few minutes');
    const usage = await cli(WIN);
    expect(usage.code).toBe(2);
    const unknown = await cli('no-such-profile', '--key', keyFile, '--endpoint', sim.endpoint);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no saved profile named "no-such-profile"');
  });
});
