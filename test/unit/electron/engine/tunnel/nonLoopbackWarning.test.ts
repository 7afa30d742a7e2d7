import { describe, expect, it } from 'vitest';
import { Profile } from '../../../../../shared/model/profile.js';
import type { Logger } from '../../../../../electron/engine/ports/logger.js';
import { TunnelRegistry } from '../../../../../electron/engine/tunnel/tunnelRegistry.js';
import { FakePortSession } from '../../../../fakes/fakePortSession.js';

function recordingLogger(lines: { level: string; message: string }[]): Logger {
  const l: Logger = { log: (level, message) => lines.push({ level, message }), child: () => l };
  return l;
}

const profile = (address: string, allowNonLoopback?: boolean) =>
  Profile.parse({
    id: 'p1',
    name: 'wide open',
    target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
    remotePort: 5432,
    bind: { address, port: 0, ...(allowNonLoopback ? { allowNonLoopback } : {}) },
  });

describe('binding beyond loopback', () => {
  it('is refused without the explicit setting', async () => {
    const reg = new TunnelRegistry({ sessionFactory: () => Promise.resolve(new FakePortSession()) });
    await expect(reg.start(profile('0.0.0.0'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await reg.close();
  });

  it('works with the setting, and warns that other machines can reach the tunnel', async () => {
    const lines: { level: string; message: string }[] = [];
    const reg = new TunnelRegistry({
      sessionFactory: () => Promise.resolve(new FakePortSession()),
      logger: recordingLogger(lines),
    });
    const snap = await reg.start(profile('0.0.0.0', true));
    expect(snap.status).toBe('listening');
    expect(lines).toContainEqual({
      level: 'warn',
      message: 'this tunnel listens on a non-loopback address: other machines can reach it',
    });
    await reg.close();
  });

  it('does not warn on loopback', async () => {
    const lines: { level: string; message: string }[] = [];
    const reg = new TunnelRegistry({
      sessionFactory: () => Promise.resolve(new FakePortSession()),
      logger: recordingLogger(lines),
    });
    await reg.start(profile('127.0.0.1'));
    expect(lines.some((l) => l.level === 'warn')).toBe(false);
    await reg.close();
  });
});
