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
  'needs-login': '⚿',
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
  return (
    <tr data-testid={`tunnel-row-${p.name}`} data-status={status}>
      <td>
        <div className="name">{p.name}</div>
        <div className="sub">
          {p.kind}
          {p.group ? ` · ${p.group}` : ''}
        </div>
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
            onClick={() => void client.call('tunnels.stop', { profileId: p.id })}
          >
            Stop
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            data-testid="start"
            onClick={() => void client.call('tunnels.start', { profileId: p.id })}
          >
            Start
          </button>
        )}
        <button
          type="button"
          data-testid="probe"
          disabled={!running}
          onClick={() => void client.call('tunnels.probe', { profileId: p.id })}
        >
          Probe
        </button>
        {p.launcher.kind !== 'none' ? (
          <button
            type="button"
            data-testid="launch"
            disabled={!running}
            onClick={() => void client.call('tunnels.launch', { profileId: p.id })}
          >
            Launch
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
        <button
          type="button"
          data-testid="edit"
          aria-label={`Edit ${p.name}`}
          onClick={() => props.onEdit(p)}
        >
          Edit
        </button>
      </td>
    </tr>
  );
}
