import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { EngineInfo, Settings } from '../shared/contract/api.js';
import type { Profile } from '../shared/model/profile.js';
import type { EngineClient } from './api/engineClient.js';
import { ProfileDialog } from './features/ProfileDialog.js';
import { PromptDialog } from './features/PromptDialog.js';
import { TunnelRow } from './features/TunnelRow.js';
import { HistoryView } from './features/history/HistoryView.js';
import { LogsView } from './features/logs/LogsView.js';
import { SettingsView } from './features/settings/SettingsView.js';
import { applyPrompt, applyUpdate, createEngineStore } from './state/engineStore.js';
import { createUiStore, resolveTheme, VIEWS } from './state/uiStore.js';

const KIND_ORDER = ['database', 'rdp', 'web', 'ssh', 'other'];

export function App({ client }: { client: EngineClient }) {
  const store = useMemo(() => createEngineStore(), []);
  const state = useStore(store);
  const ui = useMemo(() => createUiStore(), []);
  const view = useStore(ui, (u) => u.view);
  const logProfileId = useStore(ui, (u) => u.logProfileId);
  const applyTheme = (s: Settings): void => {
    const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    document.documentElement.dataset['theme'] = resolveTheme(s.theme, dark);
  };
  const [info, setInfo] = useState<EngineInfo | undefined>();
  const [editing, setEditing] = useState<Profile | 'new' | undefined>();

  useEffect(() => {
    const offUpdate = client.subscribe('engine.update', (u) => store.setState((s) => applyUpdate(s, u)));
    const offPrompt = client.subscribe('engine.prompt', (p) => store.setState((s) => applyPrompt(s, p)));
    void client.call('engine.info', {}).then((r) => r.ok && setInfo(r.value));
    void client.call('settings.get', {}).then((r) => r.ok && applyTheme(r.value));
    return () => {
      offUpdate();
      offPrompt();
    };
  }, [client, store]);

  useEffect(() => {
    document.getElementById('root')?.setAttribute('data-engine-state', state.ready ? 'ready' : 'connecting');
  }, [state.ready]);

  const profiles = [...state.profiles].sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name),
  );
  const createDemo = (): void => {
    void client.call('profiles.save', {
      name: 'Demo web server',
      kind: 'web',
      target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
      remotePort: 8080,
    });
  };

  return (
    <div className="app">
      <header>
        <h1>Bastionless</h1>
        {info ? (
          <span className={`backend backend-${info.backend}`} data-testid="backend">
            {info.backend === 'simulator' ? 'Simulator (no AWS credentials found)' : 'AWS'}
          </span>
        ) : null}
        <nav aria-label="Views" className="tabs">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              data-testid={`nav-${v.id}`}
              aria-current={view === v.id ? 'page' : undefined}
              onClick={() => ui.setState({ view: v.id })}
            >
              {v.label}
            </button>
          ))}
        </nav>
        <span className="spacer" />
        <button type="button" onClick={() => void client.call('tunnels.stopAll', {})}>
          Stop all
        </button>
        <button type="button" className="primary" data-testid="new-profile" onClick={() => setEditing('new')}>
          New profile
        </button>
      </header>
      <main>
        {view === 'history' ? (
          <HistoryView client={client} />
        ) : view === 'logs' ? (
          <LogsView
            client={client}
            profiles={profiles}
            profileId={logProfileId}
            onFilter={(id) => ui.setState({ logProfileId: id })}
          />
        ) : view === 'settings' ? (
          <SettingsView client={client} onTheme={applyTheme} />
        ) : !state.ready ? (
          <p className="muted">Connecting to the engine…</p>
        ) : profiles.length === 0 ? (
          <section className="empty" data-testid="empty-state">
            <h2>No tunnels yet</h2>
            <p>
              A profile is a tunnel you can start with one click: a local port that reaches a port on an
              instance (or a host behind it) through Session Manager.
            </p>
            {info?.backend === 'simulator' ? (
              <>
                <p>
                  No AWS credentials were found, so Bastionless is running its built-in simulator. Try it with
                  a demo profile, or configure an AWS profile (<code>aws configure sso</code>) and restart.
                </p>
                <button type="button" className="primary" data-testid="create-demo" onClick={createDemo}>
                  Create a demo profile
                </button>
              </>
            ) : (
              <button type="button" className="primary" onClick={() => setEditing('new')}>
                Create your first profile
              </button>
            )}
          </section>
        ) : (
          <table className="tunnels" data-testid="tunnels">
            <thead>
              <tr>
                <th>Profile</th>
                <th>Status</th>
                <th>Local address</th>
                <th>Target</th>
                <th>Throughput</th>
                <th>RTT</th>
                <th>Conns</th>
                <th>Time left</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {profiles.map((p) => (
                <TunnelRow
                  key={p.id}
                  profile={p}
                  tunnel={state.tunnels[p.id]}
                  throughput={state.throughput[p.id] ?? []}
                  rtt={state.rtt[p.id] ?? []}
                  client={client}
                  onEdit={setEditing}
                  onLogs={(p) => ui.setState({ view: 'logs', logProfileId: p.id })}
                />
              ))}
            </tbody>
          </table>
        )}
      </main>
      {editing ? (
        <ProfileDialog
          client={client}
          profile={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
        />
      ) : null}
      {state.prompts[0] ? <PromptDialog client={client} prompt={state.prompts[0]} /> : null}
    </div>
  );
}
