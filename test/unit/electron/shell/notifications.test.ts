import { describe, expect, it } from 'vitest';
import { engineError } from '../../../../shared/contract/errors.js';
import type { TunnelStatus } from '../../../../shared/model/tunnel.js';
import {
  NotificationPolicy,
  TunnelNotifier,
  type TunnelNotification,
} from '../../../../electron/shell/notifications.js';
import { FakeEngine, makeTunnel } from './fakeEngine.js';

const LIMITS = { perTunnelCooldownMs: 60_000, maxPerWindow: 3, windowMs: 10_000 };

function setup(initial: [string, TunnelStatus][] = []) {
  let now = 1_000_000;
  const engine = new FakeEngine();
  engine.tunnels = initial.map(([id, s]) => makeTunnel(id, s));
  const policy = new NotificationPolicy(() => now, LIMITS);
  const shown: TunnelNotification[] = [];
  const notifier = new TunnelNotifier(engine, policy, (n) => shown.push(n));
  const set = (id: string, status: TunnelStatus, over = {}) => engine.setTunnel(makeTunnel(id, status, over));
  const advance = (ms: number) => (now += ms);
  return { engine, policy, shown, notifier, set, advance };
}

describe('tunnel notifications', () => {
  it('announces failure, needs-login and recovery after a failure, and nothing for normal life', () => {
    const { shown, set } = setup([['db', 'failed']]);
    expect(shown).toEqual([]); // no toasts for the startup snapshot
    set('web', 'connecting');
    set('web', 'open');
    set('web', 'reconnecting');
    set('web', 'open');
    set('web', 'stopped');
    expect(shown).toEqual([]);
    set('db', 'open', { localPort: 5432 }); // it was failed in the snapshot: a recovery
    set('api', 'failed', {
      name: 'API',
      lastError: engineError('TARGET_NOT_CONNECTED', 'target is offline'),
    });
    set('sso', 'needs-login', { name: 'SSO' });
    expect(shown.map((n) => [n.kind, n.profileId, n.title, n.body])).toEqual([
      ['recovered', 'db', 'db recovered', 'Back up on port 5432.'],
      ['failed', 'api', 'API failed', 'target is offline'],
      [
        'needs-login',
        'sso',
        'SSO needs login',
        'Sign in again to keep this tunnel running. Its local port stays reserved.',
      ],
    ]);
  });

  it('a stopped tunnel is not "recovered" when it is started again', () => {
    const { shown, set } = setup();
    set('a', 'failed');
    set('a', 'stopped');
    set('a', 'open');
    expect(shown.map((n) => n.kind)).toEqual(['failed']);
  });

  it('rate-limits a flapping tunnel per kind and caps the total per window', () => {
    const { shown, set, advance, policy } = setup();
    for (let i = 0; i < 5; i++) {
      set('flap', 'failed');
      set('flap', 'open');
      advance(1_000);
    }
    expect(shown.map((n) => n.kind)).toEqual(['failed', 'recovered']);
    advance(60_000);
    set('flap', 'failed');
    expect(shown.map((n) => n.kind)).toEqual(['failed', 'recovered', 'failed']);
    // An outage failing many tunnels at once: at most maxPerWindow in windowMs.
    advance(60_000);
    for (const id of ['a', 'b', 'c', 'd', 'e']) set(id, 'failed');
    expect(shown.length).toBe(3 + 3);
    advance(10_000);
    set('f', 'failed');
    expect(shown.length).toBe(7);
    expect(policy.suppressed).toBe(8 + 2);
  });

  it('dispose unsubscribes', () => {
    const { engine, notifier } = setup();
    notifier.dispose();
    expect(engine.subscriberCount('engine.update')).toBe(0);
  });
});
