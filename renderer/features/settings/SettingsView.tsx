/** App settings (tray, login item, defaults, theme) plus profile import/export. */
import { useEffect, useState } from 'react';
import type { Settings } from '../../../shared/contract/api.js';
import type { EngineClient } from '../../api/engineClient.js';
import { CatalogsPanel } from './CatalogsPanel.js';
import { ImportExport } from './ImportExport.js';

export function SettingsView({ client, onTheme }: { client: EngineClient; onTheme: (s: Settings) => void }) {
  const [settings, setSettings] = useState<Settings | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    void client
      .call('settings.get', {})
      .then((r) => (r.ok ? setSettings(r.value) : setError(r.error.message)));
  }, [client]);

  const update = (patch: Partial<Settings>): void => {
    void client.call('settings.set', patch).then((r) => {
      if (r.ok) {
        setSettings(r.value);
        onTheme(r.value);
        setError(undefined);
      } else setError(r.error.message);
    });
  };

  if (!settings) return <p className="muted">{error ?? 'Loading…'}</p>;
  return (
    <div className="settings">
      <section className="panel" aria-labelledby="settings-general">
        <h2 id="settings-general">General</h2>
        {error ? <p role="alert">{error}</p> : null}
        <label className="check">
          <input
            type="checkbox"
            data-testid="setting-closeToTray"
            checked={settings.closeToTray}
            onChange={(e) => update({ closeToTray: e.target.checked })}
          />
          Closing the window keeps tunnels running in the tray
        </label>
        <label className="check">
          <input
            type="checkbox"
            data-testid="setting-startAtLogin"
            checked={settings.startAtLogin}
            onChange={(e) => update({ startAtLogin: e.target.checked })}
          />
          Start at login
        </label>
        <label className="field">
          <span>Theme</span>
          <select
            data-testid="setting-theme"
            value={settings.theme}
            onChange={(e) => update({ theme: e.target.value as Settings['theme'] })}
          >
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <label className="field">
          <span>Default AWS profile</span>
          <input
            defaultValue={settings.defaultAwsProfile ?? ''}
            placeholder="default"
            onBlur={(e) => update({ defaultAwsProfile: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Default region</span>
          <input
            defaultValue={settings.defaultRegion ?? ''}
            placeholder="us-east-1"
            onBlur={(e) => update({ defaultRegion: e.target.value })}
          />
        </label>
      </section>
      <ImportExport client={client} />
      <CatalogsPanel client={client} />
    </div>
  );
}
