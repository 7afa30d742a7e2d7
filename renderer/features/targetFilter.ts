/**
 * The target picker's search (issue 8: "search by name, id, tag"), pure so it is unit-tested without
 * a DOM. The query is split on whitespace; every term must match (AND):
 *   - `key=value` matches a tag whose key equals `key` and whose value contains `value`
 *     (`env=` alone: any node that has an `env` tag);
 *   - any other term is a substring of the id, name, computer name, IP, platform, ping status, or
 *     of any tag key or value.
 * Case-insensitive throughout. Online nodes first, keeping discovery's order otherwise.
 */
import type { ManagedNode } from '../../shared/contract/api.js';

function tagTermMatches(node: ManagedNode, key: string, value: string): boolean {
  return Object.entries(node.tags ?? {}).some(
    ([k, v]) => k.toLowerCase() === key && v.toLowerCase().includes(value),
  );
}

function plainTermMatches(node: ManagedNode, term: string): boolean {
  const hay = [
    node.instanceId,
    node.name,
    node.computerName,
    node.ipAddress,
    node.platformType,
    node.platformName,
    node.pingStatus,
    ...Object.entries(node.tags ?? {}).flatMap(([k, v]) => [k, v]),
  ];
  return hay.some((h) => h !== undefined && h.toLowerCase().includes(term));
}

export function targetMatches(node: ManagedNode, query: string): boolean {
  const terms = query
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t !== '');
  return terms.every((term) => {
    const eq = term.indexOf('=');
    return eq > 0
      ? tagTermMatches(node, term.slice(0, eq), term.slice(eq + 1))
      : plainTermMatches(node, term);
  });
}

export function filterTargets(nodes: readonly ManagedNode[], query: string): ManagedNode[] {
  const hits = nodes.filter((n) => targetMatches(n, query));
  return [...hits.filter((n) => n.pingStatus === 'Online'), ...hits.filter((n) => n.pingStatus !== 'Online')];
}

/** Tags as `key=value` chips, Name first (it is already the title, so it is left out). */
export function tagChips(node: ManagedNode): string[] {
  return Object.entries(node.tags ?? {})
    .filter(([k]) => k !== 'Name')
    .map(([k, v]) => `${k}=${v}`);
}
