/** Past sessions (newest first): which profile, which target, how long, how many bytes, why it ended. */
import { useEffect, useState } from 'react';
import type { HistoryEntry } from '../../../shared/contract/api.js';
import type { EngineClient } from '../../api/engineClient.js';
import { formatBytes } from '../../components/Sparkline.js';

export function HistoryView({ client }: { client: EngineClient }) {
  const [entries, setEntries] = useState<HistoryEntry[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    void client.call('history.list', { limit: 200 }).then((r) => {
      if (r.ok) setEntries([...r.value].sort((a, b) => b.startedAt - a.startedAt));
      else setError(r.error.message);
    });
  }, [client]);

  if (error) return <p role="alert">{error}</p>;
  if (!entries) return <p className="muted">Loading…</p>;
  if (entries.length === 0)
    return (
      <section className="empty" data-testid="history-empty">
        <h2>No sessions yet</h2>
        <p>Each session a tunnel opens is recorded here when it ends.</p>
      </section>
    );
  return (
    <table className="tunnels" data-testid="history">
      <caption className="sr-only">Session history</caption>
      <thead>
        <tr>
          <th>Profile</th>
          <th>Target</th>
          <th>Started</th>
          <th>Duration</th>
          <th>In / out</th>
          <th>Ended because</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.sessionId}>
            <td>{e.profileName ?? '—'}</td>
            <td className="mono">{e.target}</td>
            <td>{new Date(e.startedAt).toLocaleString()}</td>
            <td>{e.endedAt ? `${Math.round((e.endedAt - e.startedAt) / 1000)} s` : 'running'}</td>
            <td className="mono">
              {formatBytes(e.bytesIn)} / {formatBytes(e.bytesOut)}
            </td>
            <td>{e.endReason ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
