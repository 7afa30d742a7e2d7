/**
 * Team catalogs: shared profile collections (a file, a URL or a Parameter Store path) shown beside
 * personal profiles, never merged. Errors from the engine are shown as they come (code and message).
 */
import { useEffect, useState } from 'react';
import type { Catalog } from '../../../shared/contract/api.js';
import type { EngineClient } from '../../api/engineClient.js';

export function CatalogsPanel({ client }: { client: EngineClient }) {
  const [catalogs, setCatalogs] = useState<Catalog[]>([]);
  const [path, setPath] = useState('');
  const [status, setStatus] = useState<string | undefined>();
  const reload = (): void => {
    void client
      .call('catalogs.list', {})
      .then((r) => (r.ok ? setCatalogs(r.value) : setStatus(r.error.message)));
  };
  useEffect(reload, [client]);

  const add = (): void => {
    const name = path.split(/[\\/]/).pop() ?? path;
    void client
      .call('catalogs.add', { name, source: { kind: 'file', path }, refreshMinutes: 60 })
      .then((r) => {
        if (!r.ok) return setStatus(`${r.error.code}: ${r.error.message}`);
        setPath('');
        setStatus(undefined);
        reload();
      });
  };
  const act = (method: 'catalogs.refresh' | 'catalogs.remove', catalogId: string): void => {
    void client.call(method, { catalogId }).then((r) => {
      if (!r.ok) setStatus(`${r.error.code}: ${r.error.message}`);
      reload();
    });
  };

  return (
    <section className="panel" aria-labelledby="settings-catalogs" data-testid="catalogs">
      <h2 id="settings-catalogs">Team catalogs</h2>
      {catalogs.length === 0 ? (
        <p className="muted">No catalogs. Add a shared profiles file your team maintains.</p>
      ) : (
        <ul className="catalogs">
          {catalogs.map((c) => (
            <li key={c.id}>
              <b>{c.name}</b> <span className="muted">{c.profileCount} profiles</span>
              {c.conflicts.length > 0 ? (
                <span className="warn"> · name clashes: {c.conflicts.join(', ')}</span>
              ) : null}
              {c.lastError ? <span className="error"> {c.lastError.message}</span> : null}
              <button type="button" onClick={() => act('catalogs.refresh', c.id)}>
                Refresh
              </button>
              <button type="button" onClick={() => act('catalogs.remove', c.id)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="toolbar">
        <label className="grow">
          <span className="sr-only">Catalog file path</span>
          <input
            value={path}
            placeholder="/path/to/team-profiles.yaml"
            onChange={(e) => setPath(e.target.value)}
          />
        </label>
        <button type="button" disabled={!path} onClick={add}>
          Add catalog
        </button>
      </div>
      {status ? <p role="alert">{status}</p> : null}
    </section>
  );
}
