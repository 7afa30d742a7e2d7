import { describe, expect, it } from 'vitest';
import { EMPTY_MIRROR, applyUpdate } from '../../../../electron/shell/engineMirror.js';
import { buildTrayModel, iconState } from '../../../../electron/shell/trayModel.js';
import { makeProfile, makeTunnel } from './fakeEngine.js';

const profiles = [
  makeProfile('web', { name: 'Admin UI', kind: 'web', group: 'prod' }),
  makeProfile('orders', { name: 'Orders DB', kind: 'database', group: 'prod' }),
  makeProfile('rdp', { name: 'Jump host', kind: 'rdp' }),
  makeProfile('stage-db', { name: 'Billing DB', kind: 'database', group: 'staging' }),
  makeProfile('local-db', { name: 'Analytics', kind: 'database' }),
];

function model(tunnels: Parameters<typeof makeTunnel>[] = []) {
  const state = applyUpdate(EMPTY_MIRROR, {
    kind: 'snapshot',
    profiles,
    tunnels: tunnels.map((t) => makeTunnel(...t)),
  });
  return buildTrayModel(state);
}

describe('trayModel', () => {
  it('lists database tunnels first, grouped, then the rest, then the three actions', () => {
    const m = model([
      ['orders', 'open', { localPort: 5432 }],
      ['stage-db', 'failed'],
      ['web', 'connecting'],
    ]);
    expect(m.items).toEqual([
      { kind: 'header', label: 'prod' },
      {
        kind: 'tunnel',
        profileId: 'orders',
        label: 'Orders DB — connected :5432',
        status: 'open',
        statusWord: 'connected',
        checked: true,
      },
      { kind: 'header', label: 'staging' },
      {
        kind: 'tunnel',
        profileId: 'stage-db',
        label: 'Billing DB — failed',
        status: 'failed',
        statusWord: 'failed',
        checked: false,
      },
      {
        kind: 'tunnel',
        profileId: 'local-db',
        label: 'Analytics — stopped',
        status: 'stopped',
        statusWord: 'stopped',
        checked: false,
      },
      { kind: 'separator' },
      { kind: 'header', label: 'prod' },
      {
        kind: 'tunnel',
        profileId: 'web',
        label: 'Admin UI — connecting',
        status: 'connecting',
        statusWord: 'connecting',
        checked: true,
      },
      {
        kind: 'tunnel',
        profileId: 'rdp',
        label: 'Jump host — stopped',
        status: 'stopped',
        statusWord: 'stopped',
        checked: false,
      },
      { kind: 'separator' },
      { kind: 'action', action: 'open', label: 'Open Bastionless', enabled: true },
      { kind: 'action', action: 'stopAll', label: 'Stop all', enabled: true },
      { kind: 'separator' },
      { kind: 'action', action: 'quit', label: 'Quit', enabled: true },
    ]);
  });

  it('disables Stop all when nothing runs and says so when there are no profiles', () => {
    expect(model().items.find((i) => i.kind === 'action' && i.action === 'stopAll')).toMatchObject({
      enabled: false,
    });
    const empty = buildTrayModel(EMPTY_MIRROR);
    expect(empty.items[0]).toEqual({ kind: 'header', label: 'No saved tunnels' });
    expect(empty.icon).toBe('idle');
  });

  it('shows a tunnel that has no saved profile so it can still be stopped', () => {
    const state = applyUpdate(EMPTY_MIRROR, {
      kind: 'snapshot',
      profiles: [],
      tunnels: [makeTunnel('adhoc', 'open', { name: 'i-0abc:22' })],
    });
    const item = buildTrayModel(state).items[0];
    expect(item).toMatchObject({
      kind: 'tunnel',
      profileId: 'adhoc',
      checked: true,
      label: 'i-0abc:22 — connected',
    });
  });

  it.each([
    [[], 'idle'],
    [['stopped', 'stopped'], 'idle'],
    [['open', 'listening'], 'up'],
    [['open', 'reconnecting'], 'connecting'],
    [['open', 'connecting', 'failed'], 'failed'],
    [['needs-login', 'open'], 'failed'],
  ] as const)('icon for %j is %s', (statuses, expected) => {
    expect(iconState(statuses.map((s, i) => makeTunnel(`p${i}`, s)))).toBe(expected);
  });

  it('applies tunnel and profile deltas after the snapshot', () => {
    let s = applyUpdate(EMPTY_MIRROR, { kind: 'snapshot', profiles, tunnels: [] });
    s = applyUpdate(s, { kind: 'tunnel', tunnel: makeTunnel('rdp', 'needs-login') });
    expect(buildTrayModel(s).icon).toBe('failed');
    s = applyUpdate(s, { kind: 'profiles', profiles: [makeProfile('rdp', { name: 'Jump host' })] });
    const tunnels = buildTrayModel(s).items.filter((i) => i.kind === 'tunnel');
    expect(tunnels).toHaveLength(1);
    expect(tunnels[0]).toMatchObject({ statusWord: 'needs login', checked: true });
  });
});
