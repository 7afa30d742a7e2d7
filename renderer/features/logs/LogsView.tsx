/**
 * The engine's log (already redacted by the engine): the recent tail, then live `engine.log` events.
 * Optionally filtered to one profile (the row's "Logs" button).
 */
import { useEffect, useState } from 'react';
import type { LogEntry } from '../../../shared/contract/api.js';
import type { Profile } from '../../../shared/model/profile.js';
import type { EngineClient } from '../../api/engineClient.js';

/** Lines kept on screen; older ones stay in the engine's ring buffer. */
const MAX_LINES = 1000;

export function LogsView(props: {
  client: EngineClient;
  profiles: Profile[];
  profileId: string | undefined;
  onFilter: (profileId: string | undefined) => void;
}) {
  const { client, profileId } = props;
  const [lines, setLines] = useState<LogEntry[]>([]);
  useEffect(() => {
    let live = true;
    const buffered: LogEntry[] = [];
    let loaded = false;
    const off = client.subscribe('engine.log', (e) => {
      if (profileId !== undefined && e.profileId !== profileId) return;
      if (!loaded) buffered.push(e);
      else setLines((l) => [...l, e].slice(-MAX_LINES));
    });
    void client
      .call('logs.tail', { limit: 500, ...(profileId !== undefined ? { profileId } : {}) })
      .then((r) => {
        if (!live) return;
        loaded = true;
        const tail = r.ok ? r.value : [];
        const last = tail.at(-1)?.at ?? 0;
        setLines([...tail, ...buffered.filter((b) => b.at > last)].slice(-MAX_LINES));
      });
    return () => {
      live = false;
      off();
    };
  }, [client, profileId]);

  return (
    <section className="logs" aria-label="Engine log">
      <div className="toolbar">
        <label>
          Profile{' '}
          <select
            data-testid="log-filter"
            value={profileId ?? ''}
            onChange={(e) => props.onFilter(e.target.value || undefined)}
          >
            <option value="">All profiles</option>
            {props.profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ol className="log-lines mono" data-testid="log-lines" aria-live="polite">
        {lines.length === 0 ? <li className="muted">Nothing logged yet.</li> : null}
        {lines.map((l, i) => (
          <li key={`${l.at}-${i}`} className={`log-${l.level}`}>
            <time>{new Date(l.at).toLocaleTimeString()}</time> <b>{l.level}</b> {l.message}
          </li>
        ))}
      </ol>
    </section>
  );
}
