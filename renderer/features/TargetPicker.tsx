/**
 * Target picker fed by discovery (issue 8): search by name, id or tag (`env=prod`), each node with
 * its ping status, platform and tags; clicking one fills the profile's instance id.
 */
import { useState } from 'react';
import type { ManagedNode } from '../../shared/contract/api.js';
import { filterTargets, tagChips } from './targetFilter.js';

/** Enough to scroll through; a narrower search finds the rest. */
const MAX_SHOWN = 50;

const LIST_STYLE = {
  listStyle: 'none',
  margin: '4px 0 0',
  padding: 0,
  maxHeight: 180,
  overflowY: 'auto',
  border: '1px solid var(--border)',
  borderRadius: 6,
} as const;

const CHIP_STYLE = {
  display: 'inline-block',
  marginRight: 4,
  padding: '0 5px',
  border: '1px solid var(--border)',
  borderRadius: 8,
  fontSize: 11,
} as const;

export function TargetPicker(props: {
  nodes: readonly ManagedNode[];
  selected: string;
  onPick: (node: ManagedNode) => void;
}) {
  const [query, setQuery] = useState('');
  const shown = filterTargets(props.nodes, query);
  return (
    <div className="field" style={{ gridColumn: '1 / -1' }}>
      <label htmlFor="target-search">Find a target (name, id, tag like env=prod)</label>
      <input
        id="target-search"
        data-testid="target-search"
        type="search"
        value={query}
        placeholder="web-1, i-0123…, env=prod"
        onChange={(e) => setQuery(e.target.value)}
      />
      <ul role="listbox" aria-label="Managed nodes" data-testid="target-list" style={LIST_STYLE}>
        {shown.slice(0, MAX_SHOWN).map((n) => (
          <li
            key={n.instanceId}
            role="option"
            aria-selected={n.instanceId === props.selected}
            data-testid={`target-option-${n.instanceId}`}
            data-ping={n.pingStatus}
            tabIndex={0}
            style={{
              padding: '4px 8px',
              cursor: 'pointer',
              background: n.instanceId === props.selected ? 'var(--bg)' : undefined,
            }}
            onClick={() => props.onPick(n)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                props.onPick(n);
              }
            }}
          >
            <strong>{n.name ?? n.computerName ?? n.instanceId}</strong> <code>{n.instanceId}</code>{' '}
            <span className={n.pingStatus === 'Online' ? 'badge-open' : 'badge-failed'}>{n.pingStatus}</span>{' '}
            <span className="hint">{n.platformName ?? n.platformType ?? ''}</span>{' '}
            {tagChips(n).map((t) => (
              <span key={t} style={CHIP_STYLE} data-testid="target-tag">
                {t}
              </span>
            ))}
          </li>
        ))}
        {shown.length === 0 ? (
          <li className="hint" style={{ padding: '4px 8px' }} data-testid="target-none">
            {props.nodes.length === 0 ? 'No managed nodes found.' : 'No node matches.'}
          </li>
        ) : null}
      </ul>
    </div>
  );
}
