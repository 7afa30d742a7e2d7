/**
 * "Get password" for Windows targets (issue 6): EC2 GetPasswordData decrypted by the engine with the
 * key file the user names here. The password lives only in this component's state: shown once,
 * copyable to the clipboard (mstsc and macOS clients cannot take it any other way without argv),
 * cleared on Hide and when the dialog closes. Never saved with the profile.
 */
import { useEffect, useState } from 'react';
import type { EngineClient } from '../api/engineClient.js';

export function WindowsPassword(props: { client: EngineClient; profileId: string }) {
  const [keyFilePath, setKeyFilePath] = useState('');
  const [password, setPassword] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // Drop the secret when the dialog goes away.
  useEffect(() => () => setPassword(undefined), []);

  const fetchPassword = async (): Promise<void> => {
    setBusy(true);
    setStatus(undefined);
    const r = await props.client.call('targets.windowsPassword', { profileId: props.profileId, keyFilePath });
    setBusy(false);
    if (r.ok) setPassword(r.value.password);
    else setStatus(`${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}`);
  };
  const copy = (): void => {
    if (password === undefined) return;
    void navigator.clipboard.writeText(password).then(
      () => setStatus('Copied to the clipboard.'),
      () => setStatus('The clipboard is not available; select the password and copy it.'),
    );
  };

  return (
    <fieldset data-testid="windows-password" style={{ border: '1px solid var(--border)', borderRadius: 6 }}>
      <legend>Windows Administrator password</legend>
      <div className="field-row">
        <label className="field">
          <span>Key pair private key file (.pem), read once, never stored</span>
          <input
            data-testid="windows-key-file"
            value={keyFilePath}
            placeholder="/home/me/.ssh/prod-windows.pem"
            onChange={(e) => setKeyFilePath(e.target.value)}
          />
        </label>
        <button
          type="button"
          data-testid="get-windows-password"
          disabled={busy || keyFilePath.trim() === ''}
          onClick={() => void fetchPassword()}
        >
          {busy ? 'Getting…' : 'Get password'}
        </button>
      </div>
      {password !== undefined ? (
        <div className="field-row">
          <label className="field">
            <span>Password (shown once)</span>
            <input data-testid="windows-password-value" readOnly value={password} autoComplete="off" />
          </label>
          <button type="button" data-testid="copy-windows-password" onClick={copy}>
            Copy
          </button>
          <button type="button" onClick={() => setPassword(undefined)}>
            Hide
          </button>
        </div>
      ) : null}
      {status !== undefined ? (
        <p
          className={password === undefined ? 'error' : 'hint'}
          role="status"
          data-testid="windows-password-status"
        >
          {status}
        </p>
      ) : null}
    </fieldset>
  );
}
