import { describe, expect, it } from 'vitest';
import type { ManagedNode } from '../../../../shared/contract/api.js';
import { filterTargets, tagChips, targetMatches } from '../../../../renderer/features/targetFilter.js';

const web: ManagedNode = {
  instanceId: 'i-0123456789abcdef0',
  name: 'web-1',
  computerName: 'ip-10-0-1-10.ec2.internal',
  platformType: 'Linux',
  platformName: 'Amazon Linux',
  pingStatus: 'Online',
  ipAddress: '10.0.1.10',
  tags: { Name: 'web-1', env: 'dev', team: 'storefront' },
};
const win: ManagedNode = {
  instanceId: 'i-0bbbbbbbbbbbbbbb2',
  name: 'win-rdp',
  platformType: 'Windows',
  pingStatus: 'Online',
  tags: { Name: 'win-rdp', env: 'prod', team: 'finance' },
};
const offline: ManagedNode = {
  instanceId: 'i-0ccccccccccccccc3',
  name: 'offline',
  pingStatus: 'ConnectionLost',
  tags: { Name: 'offline', env: 'prod-eu' },
};
const managed: ManagedNode = { instanceId: 'mi-0123456789abcdef0', pingStatus: 'Online' };
const ALL = [offline, web, win, managed];
const ids = (q: string) => filterTargets(ALL, q).map((n) => n.instanceId);

describe('target picker search', () => {
  it('an empty query lists everything, online nodes first in discovery order', () => {
    expect(ids('')).toEqual([web.instanceId, win.instanceId, managed.instanceId, offline.instanceId]);
    expect(ids('   ')).toHaveLength(4);
  });

  it('key=value matches the tag key exactly and the value as a substring, case-insensitively', () => {
    expect(ids('env=prod')).toEqual([win.instanceId, offline.instanceId]);
    expect(ids('ENV=Prod-EU')).toEqual([offline.instanceId]);
    expect(ids('team=fin')).toEqual([win.instanceId]);
    // `env=` alone: any node with an env tag.
    expect(ids('env=')).toEqual([web.instanceId, win.instanceId, offline.instanceId]);
    // The key is not a substring match: `nv=prod` is no tag.
    expect(ids('nv=prod')).toEqual([]);
  });

  it('a bare word matches tag values and keys, names, ids, IPs and platforms', () => {
    expect(ids('prod')).toEqual([win.instanceId, offline.instanceId]);
    expect(ids('storefront')).toEqual([web.instanceId]);
    expect(ids('team')).toEqual([web.instanceId, win.instanceId]);
    expect(ids('WIN-R')).toEqual([win.instanceId]);
    expect(ids('bbbbbbbb')).toEqual([win.instanceId]);
    expect(ids('10.0.1.10')).toEqual([web.instanceId]);
    expect(ids('windows')).toEqual([win.instanceId]);
    expect(ids('mi-')).toEqual([managed.instanceId]);
  });

  it('several terms must all match', () => {
    expect(ids('env=prod windows')).toEqual([win.instanceId]);
    expect(ids('env=prod linux')).toEqual([]);
    expect(targetMatches(web, 'web env=dev team=store')).toBe(true);
    expect(targetMatches(web, 'web env=prod')).toBe(false);
  });

  it('tag chips leave out Name (already the title)', () => {
    expect(tagChips(win)).toEqual(['env=prod', 'team=finance']);
    expect(tagChips(managed)).toEqual([]);
  });
});
