import { beforeEach, describe, expect, it } from 'vitest';
import { engineError } from '../../../../shared/contract/errors.js';
import { err } from '../../../../shared/contract/result.js';
import { TrayController, type TrayMenuItem } from '../../../../electron/shell/trayController.js';
import { Menu, Tray, resetFakeElectron, type FakeMenu } from '../../../fakes/electron.js';
import { FakeEngine, makeProfile, makeTunnel } from './fakeEngine.js';

function setup(platform: NodeJS.Platform = 'linux') {
  const engine = new FakeEngine();
  engine.profiles = [
    makeProfile('orders', { name: 'Orders DB', kind: 'database' }),
    makeProfile('web', { name: 'Admin UI', kind: 'web' }),
  ];
  engine.tunnels = [makeTunnel('orders', 'open', { localPort: 5432 })];
  const events: string[] = [];
  const errors: string[] = [];
  const ctl = new TrayController({
    engine,
    createTray: (path) => new Tray(path),
    buildMenu: (t: TrayMenuItem[]) => Menu.buildFromTemplate(t as unknown as Record<string, unknown>[]),
    iconPath: (s) => `/icons/tray-${s}.png`,
    platform,
    onOpen: () => events.push('open'),
    onQuit: () => events.push('quit'),
    onActionError: (m) => errors.push(m),
  });
  const tray = Tray.instances[0]!;
  const item = (id: string) =>
    (tray.menu as FakeMenu).items.find((i) => i['id'] === id) as unknown as TrayMenuItem;
  return { engine, ctl, tray, item, events, errors };
}

describe('TrayController', () => {
  beforeEach(() => resetFakeElectron());

  it('renders the snapshot: icon, tooltip and every menu item with its check state', () => {
    const { tray } = setup();
    expect(tray.image).toBe('/icons/tray-up.png');
    expect(tray.tooltip).toBe('Bastionless — all tunnels up');
    expect(tray.menu!.items.map((i) => [i['type'], i['label'], i['checked'], i['enabled']])).toEqual([
      ['checkbox', 'Orders DB — connected :5432', true, undefined],
      ['separator', undefined, undefined, undefined],
      ['checkbox', 'Admin UI — stopped', false, undefined],
      ['separator', undefined, undefined, undefined],
      ['normal', 'Open Bastionless', undefined, true],
      ['normal', 'Stop all', undefined, true],
      ['separator', undefined, undefined, undefined],
      ['normal', 'Quit', undefined, true],
    ]);
  });

  it('clicking a stopped tunnel starts it; clicking a running one stops it', async () => {
    const { engine, ctl, item } = setup();
    item('tunnel:web').click!();
    item('tunnel:orders').click!();
    await ctl.toggle('nope'); // unknown ids do nothing
    expect(engine.calls.filter((c) => c.method.startsWith('tunnels.'))).toEqual([
      { method: 'tunnels.start', input: { profileId: 'web' } },
      { method: 'tunnels.stop', input: { profileId: 'orders' } },
    ]);
  });

  it('rebuilds on state events, but not for health-only deltas', () => {
    const { engine, tray, item } = setup();
    const builds = tray.menuBuilds;
    engine.setTunnel(makeTunnel('web', 'connecting'));
    expect(tray.menuBuilds).toBe(builds + 1);
    expect(tray.image).toBe('/icons/tray-connecting.png');
    expect(item('tunnel:web')).toMatchObject({ checked: true, label: 'Admin UI — connecting' });
    const health = makeTunnel('web', 'connecting');
    engine.setTunnel({ ...health, health: { ...health.health, bytesIn: 4096 } });
    expect(tray.menuBuilds).toBe(builds + 1);
    engine.setTunnel(makeTunnel('web', 'failed'));
    expect(tray.image).toBe('/icons/tray-failed.png');
    expect(item('tunnel:web')).toMatchObject({ checked: false, label: 'Admin UI — failed' });
  });

  it('Open, Stop all and Quit do what they say; left click opens on Linux/Windows only', async () => {
    const { engine, ctl, tray, item, events } = setup('win32');
    item('action:open').click!();
    item('action:stopAll').click!();
    item('action:quit').click!();
    tray.emit('click');
    await ctl.stopAll();
    expect(events).toEqual(['open', 'quit', 'open']);
    expect(engine.callsOf('tunnels.stopAll')).toEqual([{}, {}]);
    resetFakeElectron();
    const mac = setup('darwin');
    mac.tray.emit('click');
    expect(mac.events).toEqual([]);
  });

  it('a failed toggle reports the error and re-renders the true check state', async () => {
    const { engine, ctl, tray, errors } = setup();
    engine.responses.set('tunnels.start', () => err(engineError('PORT_IN_USE', 'port 8080 is in use')));
    const builds = tray.menuBuilds;
    await ctl.toggle('web');
    expect(errors).toEqual(['port 8080 is in use']);
    expect(tray.menuBuilds).toBe(builds + 1);
    expect(ctl.model.items.find((i) => i.kind === 'tunnel' && i.profileId === 'web')).toMatchObject({
      checked: false,
    });
  });

  it('dispose unsubscribes and destroys the tray', () => {
    const { engine, ctl, tray } = setup();
    expect(engine.subscriberCount('engine.update')).toBe(1);
    ctl.dispose();
    expect(engine.subscriberCount('engine.update')).toBe(0);
    expect(tray.destroyed).toBe(true);
  });
});
