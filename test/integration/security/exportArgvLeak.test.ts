/**
 * Secrets stay out of profile exports, launcher argv, logs and history (issue "Reliability and
 * security"): an engine whose AWS profile carries recognisable canary credentials (temp HOME) opens a
 * real tunnel to its simulator, pushes bytes, runs a command launcher that records its own argv, and
 * exports its profiles. Then everything a user or another local program could read is grepped.
 * Positive control: the tunnel opened through the canary profile — the only credentials the provider
 * chain could find — so "not found" means "not leaked", not "never loaded".
 * Second half: a secret a user types into a profile (password in a URL, a password flag, an access
 * key, a private key) is refused with a message saying where it belongs, on save and on import.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine, type Engine } from '../../../electron/engine/api/engine.js';

const ACCESS_KEY = 'AKIDCANARYEXPORT7Q3ZLEAK';
const SECRET_KEY = 'SECRETexportCANARY0123456789abcdefXYZ';
const SESSION_TOKEN = 'SESSIONexportCANARYFwoGZXIvYXdzEJr//////////wEaDLEAK';
const CANARIES = [ACCESS_KEY, SECRET_KEY, SESSION_TOKEN];

let engine: Engine;
let dir: string;
let echo: net.Server;
let echoPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bl-leak-'));
  mkdirSync(join(dir, '.aws'));
  writeFileSync(
    join(dir, '.aws', 'credentials'),
    `[canary]\naws_access_key_id = ${ACCESS_KEY}\naws_secret_access_key = ${SECRET_KEY}\naws_session_token = ${SESSION_TOKEN}\n`,
  );
  writeFileSync(join(dir, '.aws', 'config'), '[profile canary]\nregion = us-east-1\n');
  echo = net.createServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoPort = (echo.address() as net.AddressInfo).port;
  engine = await createEngine({
    dataDir: join(dir, 'data'),
    backend: 'simulator',
    env: {
      HOME: dir,
      AWS_CONFIG_FILE: join(dir, '.aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, '.aws', 'credentials'),
    },
  });
});

afterAll(async () => {
  await engine.close();
  await new Promise<void>((r) => echo.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

function value<T>(r: { ok: true; value: unknown } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

describe('no secret in exports, launcher argv, logs or history', () => {
  it('a tunnel through the canary profile leaves no credential anywhere a user can read', async () => {
    const argvFile = join(dir, 'argv.json');
    const profile = value<{ id: string }>(
      await engine.call('profiles.save', {
        name: 'canary db',
        kind: 'database',
        aws: { profile: 'canary', region: 'us-east-1' },
        target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
        remotePort: echoPort,
        notes: 'reached with the canary profile',
        launcher: {
          kind: 'command',
          argv: [
            process.execPath,
            '-e',
            "require('fs').writeFileSync(process.argv[1], JSON.stringify(process.argv))",
            argvFile,
            '{host}:{port}',
          ],
        },
      }),
    );
    const snap = value<{ localPort: number }>(await engine.call('tunnels.start', { profileId: profile.id }));
    // Bytes through the tunnel: the session really ran on the canary credentials.
    const got = await new Promise<string>((resolve, reject) => {
      const c = net.connect(snap.localPort, '127.0.0.1', () => c.write('ping through canary'));
      c.once('data', (d: Buffer) => {
        resolve(d.toString());
        c.end();
      });
      c.on('error', reject);
    });
    expect(got).toBe('ping through canary');
    value(await engine.call('tunnels.launch', { profileId: profile.id }));
    await vi.waitFor(() => expect(existsSync(argvFile)).toBe(true), { timeout: 10_000, interval: 25 });
    let argv: string[] = [];
    await vi.waitFor(
      () => {
        argv = JSON.parse(readFileSync(argvFile, 'utf8')) as string[];
      },
      { timeout: 5_000, interval: 25 },
    );
    // The launcher's argv is exactly what the profile said, with the address filled in — nothing else.
    expect(argv.slice(1)).toEqual([argvFile, `127.0.0.1:${snap.localPort}`]);

    const json = value<{ text: string }>(await engine.call('profiles.export', { format: 'json' })).text;
    const yaml = value<{ text: string }>(await engine.call('profiles.export', { format: 'yaml' })).text;
    expect(json).toContain('canary db');
    expect(yaml).toContain('canary db');
    const logs = JSON.stringify(value(await engine.call('logs.tail', { limit: 5000 })));
    const history = JSON.stringify(value(await engine.call('history.list', { limit: 100 })));
    const profilesFile = readFileSync(join(dir, 'data', 'profiles.json'), 'utf8');
    expect(logs.length).toBeGreaterThan(100);
    for (const [where, text] of Object.entries({
      argv: JSON.stringify(argv),
      json,
      yaml,
      logs,
      history,
      profilesFile,
    }))
      for (const canary of CANARIES) expect(text.includes(canary), `${canary} in ${where}`).toBe(false);
    value(await engine.call('tunnels.stop', { profileId: profile.id }));
  });

  it.each([
    [
      'a password in a URL',
      { kind: 'database', template: 'postgres://app:hunter2@{host}:{port}/db' },
      /password from the URL/,
    ],
    [
      'a password query parameter',
      { kind: 'url', template: 'jdbc:postgresql://{host}:{port}/db?user=a&password=hunter2' },
      /password parameter/,
    ],
    [
      'a password flag in argv',
      { kind: 'command', argv: ['mysql', '--password=hunter2', '-P', '{port}'] },
      /password argument/,
    ],
  ])('refuses %s in a launcher, on save and on import', async (_what, launcher, message) => {
    const input = {
      name: `secret ${String(message)}`,
      target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
      remotePort: 5432,
      launcher,
    };
    const saved = await engine.call('profiles.save', input);
    expect(saved.ok).toBe(false);
    if (!saved.ok) expect(saved.error.message).toMatch(message);
    const before = value<unknown[]>(await engine.call('profiles.list', {})).length;
    const imported = value<{ imported: number; issues: { path: string; message: string }[] }>(
      await engine.call('profiles.import', {
        format: 'json',
        text: JSON.stringify({
          version: 1,
          profiles: [input, { ...input, name: 'clean one', launcher: { kind: 'none' } }],
        }),
      }),
    );
    // The clean entry is imported, the one with the secret is refused and named.
    expect(imported.imported).toBe(1);
    expect(imported.issues.some((i) => i.path.startsWith('profiles[0]') && message.test(i.message))).toBe(
      true,
    );
    expect(value<unknown[]>(await engine.call('profiles.list', {}))).toHaveLength(before + 1);
    const names = value<{ id: string; name: string }[]>(await engine.call('profiles.list', {}));
    const clean = names.find((p) => p.name === 'clean one')!;
    value(await engine.call('profiles.delete', { profileId: clean.id }));
  });

  it('refuses an access key or a private key pasted into notes; a placeholder is never a secret', async () => {
    const base = { target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' }, remotePort: 22 };
    const key = await engine.call('profiles.save', { ...base, name: 'k', notes: 'use AKIAABCDEFGHIJKLMNOP' });
    expect(key.ok ? '' : key.error.message).toMatch(/AWS access key/);
    const pem = await engine.call('profiles.save', {
      ...base,
      name: 'p',
      notes: '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----',
    });
    expect(pem.ok ? '' : pem.error.message).toMatch(/private key/);
    const fine = await engine.call('profiles.save', {
      ...base,
      name: 'placeholders',
      launcher: {
        kind: 'database',
        template: 'postgres://{user}@{host}:{port}/db?sslmode=require',
        user: 'app',
      },
    });
    expect(fine.ok).toBe(true);
  });
});
