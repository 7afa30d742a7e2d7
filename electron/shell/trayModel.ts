/**
 * Engine state → what the tray shows, as plain data (no Electron). trayController.ts renders it.
 * Ordering: database tunnels first, then the rest; inside each section profiles are grouped by their
 * `group` (groups alphabetical, ungrouped last) and sorted by name, as the app's tunnel list groups them.
 */
import type { Profile } from '../../shared/model/profile.js';
import type { TunnelSnapshot, TunnelStatus } from '../../shared/model/tunnel.js';
import type { MirrorState } from './engineMirror.js';

/** One icon per overall state; build/icons/tray-<state>.png. */
export type TrayIconState = 'up' | 'connecting' | 'failed' | 'idle';

export type TrayItem =
  | { readonly kind: 'header'; readonly label: string }
  | {
      readonly kind: 'tunnel';
      readonly profileId: string;
      readonly label: string;
      readonly status: TunnelStatus;
      readonly statusWord: string;
      /** Checked = the tunnel is running (the click stops it); unchecked = the click starts it. */
      readonly checked: boolean;
    }
  | { readonly kind: 'separator' }
  | {
      readonly kind: 'action';
      readonly action: TrayAction;
      readonly label: string;
      readonly enabled: boolean;
    };

export type TrayAction = 'open' | 'stopAll' | 'quit';

export interface TrayModel {
  readonly icon: TrayIconState;
  readonly tooltip: string;
  readonly items: readonly TrayItem[];
}

const STATUS_WORD: Readonly<Record<TunnelStatus, string>> = {
  stopped: 'stopped',
  listening: 'ready',
  connecting: 'connecting',
  open: 'connected',
  reconnecting: 'reconnecting',
  failed: 'failed',
  'needs-login': 'needs login',
};

/** Statuses in which the engine holds the tunnel (listener bound or being re-established). */
const RUNNING: ReadonlySet<TunnelStatus> = new Set<TunnelStatus>([
  'listening',
  'connecting',
  'open',
  'reconnecting',
  'needs-login',
]);

export const isRunning = (status: TunnelStatus): boolean => RUNNING.has(status);
export const statusWord = (status: TunnelStatus): string => STATUS_WORD[status];

export function iconState(tunnels: Iterable<TunnelSnapshot>): TrayIconState {
  let up = false;
  let connecting = false;
  for (const t of tunnels) {
    if (t.status === 'failed' || t.status === 'needs-login') return 'failed';
    if (t.status === 'connecting' || t.status === 'reconnecting') connecting = true;
    if (t.status === 'open' || t.status === 'listening') up = true;
  }
  if (connecting) return 'connecting';
  return up ? 'up' : 'idle';
}

const TOOLTIP: Readonly<Record<TrayIconState, string>> = {
  up: 'all tunnels up',
  connecting: 'connecting',
  failed: 'a tunnel needs attention',
  idle: 'no tunnels running',
};

interface Entry {
  readonly profileId: string;
  readonly name: string;
  readonly group: string | undefined;
  readonly database: boolean;
}

function byName(a: Entry, b: Entry): number {
  return a.name.localeCompare(b.name) || a.profileId.localeCompare(b.profileId);
}

function sectionItems(entries: readonly Entry[], tunnels: MirrorState['tunnels']): TrayItem[] {
  const groups = [...new Set(entries.flatMap((e) => (e.group === undefined ? [] : [e.group])))].sort((a, b) =>
    a.localeCompare(b),
  );
  const ordered: { header: string | undefined; members: Entry[] }[] = [
    ...groups.map((g) => ({ header: g, members: entries.filter((e) => e.group === g) })),
    { header: undefined, members: entries.filter((e) => e.group === undefined) },
  ];
  const items: TrayItem[] = [];
  for (const { header, members } of ordered) {
    if (members.length === 0) continue;
    if (header !== undefined) items.push({ kind: 'header', label: header });
    for (const e of [...members].sort(byName)) {
      const tunnel = tunnels.get(e.profileId);
      const status: TunnelStatus = tunnel?.status ?? 'stopped';
      const port = tunnel?.localPort !== undefined && isRunning(status) ? ` :${tunnel.localPort}` : '';
      items.push({
        kind: 'tunnel',
        profileId: e.profileId,
        label: `${e.name} — ${statusWord(status)}${port}`,
        status,
        statusWord: statusWord(status),
        checked: isRunning(status),
      });
    }
  }
  return items;
}

function entries(profiles: readonly Profile[], tunnels: MirrorState['tunnels']): Entry[] {
  const list: Entry[] = profiles.map((p) => ({
    profileId: p.id,
    name: p.name,
    group: p.group !== undefined && p.group.trim() !== '' ? p.group.trim() : undefined,
    database: p.kind === 'database',
  }));
  // Tunnels without a saved profile (e.g. started from the CLI) are still shown, so they can be stopped.
  const known = new Set(list.map((e) => e.profileId));
  for (const t of tunnels.values()) {
    if (!known.has(t.profileId))
      list.push({ profileId: t.profileId, name: t.name, group: undefined, database: false });
  }
  return list;
}

export function buildTrayModel(state: MirrorState): TrayModel {
  const all = entries(state.profiles, state.tunnels);
  const db = sectionItems(
    all.filter((e) => e.database),
    state.tunnels,
  );
  const rest = sectionItems(
    all.filter((e) => !e.database),
    state.tunnels,
  );
  const items: TrayItem[] = [...db];
  if (db.length > 0 && rest.length > 0) items.push({ kind: 'separator' });
  items.push(...rest);
  if (items.length === 0) items.push({ kind: 'header', label: 'No saved tunnels' });
  const anyRunning = [...state.tunnels.values()].some((t) => isRunning(t.status));
  items.push(
    { kind: 'separator' },
    { kind: 'action', action: 'open', label: 'Open Bastionless', enabled: true },
    { kind: 'action', action: 'stopAll', label: 'Stop all', enabled: anyRunning },
    { kind: 'separator' },
    { kind: 'action', action: 'quit', label: 'Quit', enabled: true },
  );
  const icon = iconState(state.tunnels.values());
  return { icon, tooltip: `Bastionless — ${TOOLTIP[icon]}`, items };
}
