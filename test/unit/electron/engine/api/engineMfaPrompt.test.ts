/**
 * The MFA round trip through the engine: a profile naming an AWS profile with role_arn + mfa_serial
 * (served by the embedded simulator's STS) makes the engine publish an `engine.prompt` {kind:'mfa'};
 * `prompts.answer` resolves it and the tunnel opens; `prompts.cancel` on the next one fails the start.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { EventPayload } from '../../../../../shared/contract/events.js';
import { createEngine, type Engine } from '../../../../../electron/engine/api/engine.js';

let dataDir: string;
let engine: Engine;
let echo: net.Server;
let echoPort: number;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bl-mfa-'));
  writeFileSync(
    join(dataDir, 'config'),
    [
      '[profile base]',
      'region = us-east-1',
      '[profile admin]',
      'role_arn = arn:aws:iam::123456789012:role/admin',
      'source_profile = base',
      'mfa_serial = arn:aws:iam::123456789012:mfa/me',
      'region = us-east-1',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dataDir, 'credentials'),
    '[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n',
  );
  engine = await createEngine({
    dataDir,
    env: {
      HOME: dataDir,
      AWS_CONFIG_FILE: join(dataDir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'credentials'),
    },
    backend: 'simulator',
  });
  echo = net.createServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoPort = (echo.address() as net.AddressInfo).port;
});

afterEach(async () => {
  await engine.close();
  await new Promise<void>((r) => echo.close(() => r()));
  rmSync(dataDir, { recursive: true, force: true });
});

const nextPrompt = (): Promise<EventPayload<'engine.prompt'>> =>
  new Promise((resolve) => {
    const off = engine.subscribe('engine.prompt', (p) => {
      if (p.kind === 'resolved') return;
      off();
      resolve(p);
    });
  });

const statusReached = (profileId: string, status: string): Promise<void> =>
  new Promise((resolve) => {
    const off = engine.subscribe('engine.update', (u) => {
      if (u.kind === 'tunnel' && u.tunnel.profileId === profileId && u.tunnel.status === status) {
        queueMicrotask(off);
        resolve();
      }
    });
  });

async function saveEager(): Promise<string> {
  const r = await engine.call('profiles.save', {
    name: 'admin db',
    kind: 'database',
    startMode: 'eager',
    target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
    remotePort: echoPort,
    aws: { profile: 'admin' },
  });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { id: string }).id;
}

it('asks for the MFA code and opens the tunnel once it is answered', async () => {
  const id = await saveEager();
  const prompt = nextPrompt();
  const open = statusReached(id, 'open');
  expect((await engine.call('tunnels.start', { profileId: id })).ok).toBe(true);
  const p = await prompt;
  expect(p).toMatchObject({
    kind: 'mfa',
    awsProfile: 'admin',
    mfaSerial: 'arn:aws:iam::123456789012:mfa/me',
  });
  if (p.kind !== 'mfa') return;
  expect(await engine.call('prompts.answer', { promptId: p.promptId, value: '123456' })).toEqual({
    ok: true,
    value: null,
  });
  await open;
  // The prompt is gone: answering it again is an error, not a second resolution.
  const again = await engine.call('prompts.answer', { promptId: p.promptId, value: '123456' });
  expect(again.ok ? 'ok' : again.error.code).toBe('NOT_FOUND');
});

it('a cancelled prompt does not open the tunnel', async () => {
  const id = await saveEager();
  const prompt = nextPrompt();
  await engine.call('tunnels.start', { profileId: id });
  const p = await prompt;
  const notOpen = new Promise<string>((resolve) => {
    const off = engine.subscribe('engine.update', (u) => {
      if (u.kind !== 'tunnel' || u.tunnel.profileId !== id) return;
      if (u.tunnel.status === 'open' || u.tunnel.lastError !== undefined) {
        queueMicrotask(off);
        resolve(u.tunnel.status === 'open' ? 'open' : 'error');
      }
    });
  });
  expect((await engine.call('prompts.cancel', { promptId: p.promptId })).ok).toBe(true);
  await expect(notOpen).resolves.toBe('error');
  await engine.call('tunnels.stop', { profileId: id });
});
