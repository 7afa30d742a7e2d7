import { useState } from 'react';
import type { Result } from '../../shared/contract/result.js';
import type { EngineClient } from '../api/engineClient.js';
import type { Profile } from '../../shared/model/profile.js';
import type { TunnelSnapshot } from '../../shared/model/tunnel.js';
import { RetryCountdown } from '../components/RetryCountdown.js';
import { formatBytes, Sparkline } from '../components/Sparkline.js';

const STATUS_ICON: Record<TunnelSnapshot['status'], string> = {
  stopped: '○',
  listening: '◌',
  connecting: '◔',
  open: '●',
  reconnecting: '◑',
  failed: '✕',
  'needs-login': '⚠',
};

function timeLeft(t: TunnelSnapshot): string {
  const at = t.health.sessionExpiresAt;
  if (at === undefined) return '—';
  const min = Math.max(0, Math.round((at - Date.now()) / 60000));
  return `${min} min`;
}

export function TunnelRow(props: {
  profile: Profile;
  tunnel: TunnelSnapshot | undefined;
  throughput: number[];
  rtt: number[];
  client: EngineClient;
  onEdit: (p: Profile) => void;
  onLogs: (p: Profile) => void;
}) {
  const { profile: p, tunnel: t, client } = props;
  const status = t?.status ?? 'stopped';
  const running = status !== 'stopped';
  const addr =
    running && t?.localPort !== undefined ? `${t.localAddress ?? '127.0.0.1'}:${t.localPort}` : undefined;
  const showError = t?.lastError && status !== 'open' && status !== 'stopped';
  // Team catalog profiles are read-only: no Edit, a "Copy to my profiles" instead.
  const fromCatalog = p.source.startsWith('catalog:');
  const [copyError, setCopyError] = useState<string | undefined>();
  // The outcome of the last action on this row (probe result, launch or start error): never silent.
  const [note, setNote] = useState<{ ok: boolean; text: string } | undefined>();
  const [askKey, setAskKey] = useState(false);
  const [keyPath, setKeyPath] = useState('');
  const report = (r: Result<unknown>, okText?: string): void =>
    setNote(
      r.ok
        ? okText !== undefined
          ? { ok: true, text: okText }
          : undefined
        : { ok: false, text: r.error.message },
    );
  const probe = (): void => {
    setNote({ ok: true, text: 'probing…' });
    void client.call('tunnels.probe', { profileId: p.id }).then((r) => {
      if (!r.ok) return report(r);
      const v = r.value;
      setNote(
        v.ok
          ? { ok: true, text: `target answered in ${(v.latencyMs ?? 0).toFixed(1)} ms` }
          : { ok: false, text: `target did not answer: ${v.error?.message ?? 'no reason given'}` },
      );
    });
  };
  const wantsPassword = p.launcher.kind === 'rdp' && p.launcher.fetchWindowsPassword === true;
  const launch = (keyFilePath?: string): void => {
    setAskKey(false);
    void client
      .call('tunnels.launch', { profileId: p.id, ...(keyFilePath ? { keyFilePath } : {}) })
      .then((r) => report(r, 'launched'));
  };
  const copyConnection = (): void => {
    void client.call('tunnels.connectionString', { profileId: p.id }).then((r) => {
      if (!r.ok) return report(r);
      void navigator.clipboard?.writeText(r.value.text);
      setNote({ ok: true, text: `copied ${r.value.text}` });
    });
  };
  const copy = (): void => {
    void client.call('catalogs.copy', { profileId: p.id }).then((r) => {
      setCopyError(r.ok ? undefined : r.error.message);
    });
  };
  return (
    <tr data-testid={`tunnel-row-${p.name}`} data-status={status} data-source={p.source}>
      <td>
        <div className="name">
          {p.name}
          {fromCatalog ? (
            <span
              className="badge-catalog"
              data-testid="catalog-badge"
              title="From a team catalog (read-only)"
            >
              team<span className="sr-only">, read-only profile from a team catalog</span>
            </span>
          ) : null}
        </div>
        <div className="sub">
          {p.kind}
          {p.group ? ` · ${p.group}` : ''}
        </div>
        {copyError ? (
          <div className="error" role="alert">
            {copyError}
          </div>
        ) : null}
      </td>
      <td>
        <span className={`badge badge-${status}`} data-testid="status" aria-live="polite">
          <span aria-hidden="true">{STATUS_ICON[status]}</span> {status}
        </span>
        {showError ? (
          <div className="error" data-testid="last-error" role="alert">
            {t.lastError!.message}
            {t.lastError!.hint ? <div className="hint">{t.lastError!.hint}</div> : null}
          </div>
        ) : null}
        {running && status !== 'open' ? <RetryCountdown nextRetryAt={t?.nextRetryAt} /> : null}
      </td>
      <td>
        {addr ? (
          <span className="addr">
            <code data-testid="local-address">{addr}</code>
            <button
              type="button"
              className="icon"
              aria-label={`Copy ${addr}`}
              onClick={() => void navigator.clipboard?.writeText(addr)}
            >
              copy
            </button>
          </span>
        ) : (
          <span className="muted">{p.bind.port ? `${p.bind.address}:${p.bind.port}` : 'auto port'}</span>
        )}
      </td>
      <td>
        <div className="target-id">
          {p.target.kind === 'instance' ? p.target.instanceId : `${p.target.key}=${p.target.value}`}
        </div>
        <div className="sub">
          → {p.remoteHost ?? 'localhost'}:{p.remotePort} {t?.mode ? `· ${t.mode}` : ''}
        </div>
      </td>
      <td className="num">
        {running ? <Sparkline points={props.throughput} label="throughput" /> : null}
        <div className="sub" data-testid="bytes">
          ↓ {formatBytes(t?.health.bytesIn ?? 0)} ↑ {formatBytes(t?.health.bytesOut ?? 0)}
        </div>
      </td>
      <td className="num">
        {running ? <Sparkline points={props.rtt} label="round-trip time" /> : null}
        <div className="sub">
          {running && t?.health.rttMs !== undefined ? `${t.health.rttMs.toFixed(0)} ms` : '—'}
        </div>
      </td>
      <td className="num" data-testid="connections">
        {t?.health.activeConnections ?? 0}
      </td>
      <td className="num">{timeLeft(t ?? ({ health: {} } as TunnelSnapshot))}</td>
      <td className="actions">
        {running ? (
          <button
            type="button"
            data-testid="stop"
            onClick={() => void client.call('tunnels.stop', { profileId: p.id }).then((r) => report(r))}
          >
            Stop
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            data-testid="start"
            onClick={() => void client.call('tunnels.start', { profileId: p.id }).then((r) => report(r))}
          >
            Start
          </button>
        )}
        <button type="button" data-testid="probe" disabled={!running} onClick={probe}>
          Probe
        </button>
        {p.launcher.kind !== 'none' ? (
          <button
            type="button"
            data-testid="launch"
            title="Starts the tunnel if needed, then runs the profile's launcher"
            onClick={() => (wantsPassword ? setAskKey(true) : launch())}
          >
            Launch
          </button>
        ) : null}
        {running && (p.launcher.kind === 'database' || p.launcher.kind === 'url') ? (
          <button type="button" data-testid="copy-connection" onClick={copyConnection}>
            Copy URL
          </button>
        ) : null}
        <button
          type="button"
          data-testid="logs"
          aria-label={`Logs of ${p.name}`}
          onClick={() => props.onLogs(p)}
        >
          Logs
        </button>
        {fromCatalog ? (
          <button
            type="button"
            data-testid="copy-profile"
            aria-label={`Copy ${p.name} to my profiles`}
            onClick={copy}
          >
            Copy to my profiles
          </button>
        ) : (
          <button
            type="button"
            data-testid="edit"
            aria-label={`Edit ${p.name}`}
            onClick={() => props.onEdit(p)}
          >
            Edit
          </button>
        )}
        {askKey ? (
          <form
            className="key-file"
            data-testid="key-file-form"
            onSubmit={(e) => {
              e.preventDefault();
              launch(keyPath.trim());
            }}
          >
            <label>
              <span>Private key file for the Windows password (read once, never stored)</span>
              <input
                data-testid="key-file-path"
                value={keyPath}
                placeholder="~/.ssh/my-keypair.pem"
                onChange={(e) => setKeyPath(e.target.value)}
              />
            </label>
            <button type="submit" className="primary" disabled={keyPath.trim() === ''}>
              Launch
            </button>
            <button type="button" onClick={() => launch()}>
              Without password
            </button>
          </form>
        ) : null}
        {note ? (
          <div
            className={note.ok ? 'row-note' : 'row-note error'}
            role={note.ok ? 'status' : 'alert'}
            data-testid="row-note"
          >
            {note.text}
          </div>
        ) : null}
      </td>
    </tr>
  );
}
