/**
 * Team catalogs: shared, read-only profile collections (a Parameter Store path read with the user's
 * own credentials, a file, or a URL) listed beside personal profiles, never merged. Each catalog shows
 * how many profiles it has, when it last refreshed, its last error (the old profiles stay) and any
 * clashes with personal profiles. Errors from the engine are shown as they come (code and message).
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { Catalog, MethodInput } from '../../../shared/contract/api.js';
import type { EngineClient } from '../../api/engineClient.js';

type Kind = Catalog['source']['kind'];
type NewCatalog = MethodInput<'catalogs.add'>;

const KIND_LABEL: Record<Kind, string> = {
  'parameter-store': 'Parameter Store path',
  file: 'File',
  url: 'URL',
};
const LOCATION_PLACEHOLDER: Record<Kind, string> = {
  'parameter-store': '/team/bastionless',
  file: '/path/to/team-profiles.yaml',
  url: 'https://wiki.example.com/team-profiles.yaml',
};

function describe(source: Catalog['source']): string {
  if (source.kind === 'parameter-store')
    return `Parameter Store ${source.path}${source.awsProfile ? ` (${source.awsProfile})` : ''}`;
  return source.kind === 'file' ? source.path : source.url;
}

function sourceOf(kind: Kind, location: string, awsProfile: string, region: string): NewCatalog['source'] {
  if (kind === 'file') return { kind, path: location };
  if (kind === 'url') return { kind, url: location };
  return {
    kind,
    path: location,
    ...(awsProfile ? { awsProfile } : {}),
    ...(region ? { region } : {}),
  };
}

export function CatalogsPanel({ client }: { client: EngineClient }) {
  const [catalogs, setCatalogs] = useState<Catalog[]>([]);
  const [kind, setKind] = useState<Kind>('parameter-store');
  const [name, setName] = useState('');
  const [location, setLocation] = useState('');
  const [awsProfile, setAwsProfile] = useState('');
  const [region, setRegion] = useState('');
  const [minutes, setMinutes] = useState('60');
  const [status, setStatus] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const reload = (): void => {
    void client
      .call('catalogs.list', {})
      .then((r) => (r.ok ? setCatalogs(r.value) : setStatus(r.error.message)));
  };
  // Scheduled refreshes announce themselves as profile updates: list again to show their outcome.
  useEffect(() => {
    reload();
    return client.subscribe('engine.update', (u) => {
      if (u.kind === 'profiles') reload();
    });
  }, [client]);

  const add = (e: FormEvent): void => {
    e.preventDefault();
    const fallbackName = location.split(/[\\/]/).filter(Boolean).pop() ?? location;
    setBusy(true);
    void client
      .call('catalogs.add', {
        name: name.trim() || fallbackName,
        source: sourceOf(kind, location.trim(), awsProfile.trim(), region.trim()),
        refreshMinutes: Number(minutes) || 60,
      })
      .then((r) => {
        setBusy(false);
        if (!r.ok) return setStatus(`${r.error.code}: ${r.error.message}`);
        setName('');
        setLocation('');
        setStatus(
          r.value.lastError ? `Added "${r.value.name}", but: ${r.value.lastError.message}` : undefined,
        );
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
        <p className="muted">
          No catalogs. Subscribe to the profiles your team keeps in Parameter Store, a shared file or a URL;
          they appear read-only beside yours.
        </p>
      ) : (
        <ul className="catalogs">
          {catalogs.map((c) => (
            <li key={c.id} data-testid={`catalog-${c.name}`} data-has-error={c.lastError ? 'true' : 'false'}>
              <div>
                <b>{c.name}</b> <span className="muted">{describe(c.source)}</span>
              </div>
              <div className="sub">
                <span data-testid="catalog-count">{c.profileCount} profiles</span>
                {' · '}
                {c.lastRefreshedAt !== undefined
                  ? `refreshed ${new Date(c.lastRefreshedAt).toLocaleString()}`
                  : 'never refreshed'}
                {` · every ${c.refreshMinutes} min`}
                <button
                  type="button"
                  aria-label={`Refresh ${c.name}`}
                  data-testid="catalog-refresh"
                  onClick={() => act('catalogs.refresh', c.id)}
                >
                  Refresh
                </button>
                <button
                  type="button"
                  aria-label={`Remove ${c.name}`}
                  data-testid="catalog-remove"
                  onClick={() => act('catalogs.remove', c.id)}
                >
                  Remove
                </button>
              </div>
              {c.lastError ? (
                <div className="error catalog-error" role="alert" data-testid="catalog-error">
                  {c.lastError.message} (showing the last profiles read)
                  {c.lastError.hint ? <div className="hint">{c.lastError.hint}</div> : null}
                </div>
              ) : null}
              {(c.conflictDetails ?? c.conflicts.map((n) => ({ name: n, message: `"${n}" clashes` }))).map(
                (d, i) => (
                  <div key={i} className="warn" data-testid="catalog-conflict">
                    Conflict: {d.message}
                  </div>
                ),
              )}
              {c.issues && c.issues.length > 0 ? (
                <details className="sub">
                  <summary>{c.issues.length} entries skipped or changed</summary>
                  <ul>
                    {c.issues.map((i, n) => (
                      <li key={n}>
                        <code>{i.path}</code>: {i.message}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <form className="catalog-form" onSubmit={add} aria-label="Add a team catalog">
        <div className="field-row">
          <label className="field">
            <span>Source</span>
            <select data-testid="catalog-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              {(Object.keys(KIND_LABEL) as Kind[]).map((k) => (
                <option key={k} value={k}>
                  {KIND_LABEL[k]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{KIND_LABEL[kind]}</span>
            <input
              data-testid="catalog-location"
              value={location}
              required
              placeholder={LOCATION_PLACEHOLDER[kind]}
              onChange={(e) => setLocation(e.target.value)}
            />
          </label>
        </div>
        <div className="field-row">
          <label className="field">
            <span>Name</span>
            <input
              data-testid="catalog-name"
              value={name}
              placeholder="Platform team"
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          {kind === 'parameter-store' ? (
            <>
              <label className="field">
                <span>AWS profile</span>
                <input
                  value={awsProfile}
                  placeholder="default"
                  onChange={(e) => setAwsProfile(e.target.value)}
                />
              </label>
              <label className="field">
                <span>Region</span>
                <input value={region} placeholder="us-east-1" onChange={(e) => setRegion(e.target.value)} />
              </label>
            </>
          ) : null}
          <label className="field">
            <span>Refresh every (minutes)</span>
            <input
              type="number"
              min={1}
              max={10080}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
            />
          </label>
          <button type="submit" data-testid="catalog-add" disabled={!location.trim() || busy}>
            Add catalog
          </button>
        </div>
      </form>
      {status ? (
        <p role="alert" data-testid="catalog-status">
          {status}
        </p>
      ) : null}
    </section>
  );
}
