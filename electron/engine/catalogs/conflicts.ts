/**
 * What a catalog's profiles clash with among the user's personal profiles. Shown to the user, never
 * resolved by merging: both profiles stay as they are (issue 6).
 * - name: the same name, ignoring case (two rows the user cannot tell apart);
 * - port: the same fixed local bind address and port (only one of the two tunnels can run).
 */
import type { Profile } from '../../../shared/model/profile.js';

export interface Conflict {
  /** The catalog profile's name. */
  readonly name: string;
  readonly kind: 'name' | 'port';
  /** The personal profile it clashes with. */
  readonly personal: string;
  readonly message: string;
}

export function findConflicts(catalog: readonly Profile[], personal: readonly Profile[]): Conflict[] {
  const out: Conflict[] = [];
  for (const c of catalog) {
    const sameName = personal.find((p) => p.name.toLowerCase() === c.name.toLowerCase());
    if (sameName)
      out.push({
        name: c.name,
        kind: 'name',
        personal: sameName.name,
        message: `"${c.name}" has the same name as your profile "${sameName.name}"`,
      });
    if (c.bind.port === 0) continue;
    const samePort = personal.find((p) => p.bind.port === c.bind.port && p.bind.address === c.bind.address);
    if (samePort)
      out.push({
        name: c.name,
        kind: 'port',
        personal: samePort.name,
        message: `"${c.name}" binds ${c.bind.address}:${c.bind.port}, as does your profile "${samePort.name}"`,
      });
  }
  return out;
}

/** Catalog.conflicts: the clashing catalog profile names, each once, in catalog order. */
export function conflictNames(conflicts: readonly Conflict[]): string[] {
  return [...new Set(conflicts.map((c) => c.name))];
}
