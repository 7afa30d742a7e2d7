/** Profiles in and out as JSON or YAML text (paste to import; export fills the box to copy). */
import { useState } from 'react';
import type { EngineClient } from '../../api/engineClient.js';

export function ImportExport({ client }: { client: EngineClient }) {
  const [format, setFormat] = useState<'json' | 'yaml'>('yaml');
  const [text, setText] = useState('');
  const [status, setStatus] = useState<string | undefined>();

  const doExport = (): void => {
    void client.call('profiles.export', { format }).then((r) => {
      if (r.ok) {
        setText(r.value.text);
        setStatus('Exported every profile into the box below.');
      } else setStatus(r.error.message);
    });
  };
  const doImport = (): void => {
    void client.call('profiles.import', { format, text }).then((r) => {
      if (!r.ok) return setStatus(r.error.message);
      const problems = r.value.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      setStatus(`Imported ${r.value.imported} profile(s).${problems ? ` Skipped: ${problems}` : ''}`);
    });
  };

  return (
    <section className="panel" aria-labelledby="settings-io">
      <h2 id="settings-io">Import and export profiles</h2>
      <div className="toolbar">
        <label>
          Format{' '}
          <select value={format} onChange={(e) => setFormat(e.target.value as 'json' | 'yaml')}>
            <option value="yaml">YAML</option>
            <option value="json">JSON</option>
          </select>
        </label>
        <button type="button" data-testid="export" onClick={doExport}>
          Export
        </button>
        <button type="button" className="primary" data-testid="import" disabled={!text} onClick={doImport}>
          Import
        </button>
      </div>
      <label className="field">
        <span className="sr-only">Profiles text</span>
        <textarea
          data-testid="io-text"
          rows={10}
          className="mono"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      {status ? (
        <p role="status" data-testid="io-status">
          {status}
        </p>
      ) : null}
    </section>
  );
}
