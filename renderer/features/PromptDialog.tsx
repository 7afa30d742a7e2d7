import { useState } from 'react';
import type { Prompt } from '../../shared/contract/events.js';
import type { EngineClient } from '../api/engineClient.js';

/**
 * MFA code and SSO device-code prompts raised by the engine. The SSO dialog needs no answer: it
 * closes when the engine resolves the prompt (approved, expired or cancelled).
 */
export function PromptDialog({ client, prompt }: { client: EngineClient; prompt: Prompt }) {
  const [code, setCode] = useState('');
  if (prompt.kind === 'resolved') return null;
  const cancel = (): void => void client.call('prompts.cancel', { promptId: prompt.promptId });
  return (
    <div className="backdrop" onKeyDown={(e) => e.key === 'Escape' && cancel()}>
      <form
        className="dialog small"
        role="dialog"
        aria-modal="true"
        aria-labelledby="prompt-title"
        data-testid={`prompt-${prompt.kind}`}
        onSubmit={(e) => {
          e.preventDefault();
          void client.call('prompts.answer', { promptId: prompt.promptId, value: code });
        }}
      >
        {prompt.kind === 'mfa' ? (
          <>
            <h2 id="prompt-title">MFA code for {prompt.awsProfile}</h2>
            <p className="muted">{prompt.mfaSerial}</p>
            <label className="field">
              <span>Code</span>
              <input
                autoFocus
                inputMode="numeric"
                data-testid="mfa-code"
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            </label>
          </>
        ) : (
          <>
            <h2 id="prompt-title">Sign in to AWS ({prompt.awsProfile})</h2>
            <p>
              Open{' '}
              <a
                href={prompt.verificationUriComplete ?? prompt.verificationUri}
                target="_blank"
                rel="noreferrer noopener"
                data-testid="sso-verification-link"
              >
                {prompt.verificationUri}
              </a>{' '}
              and check that it shows this code:
            </p>
            <p className="code" data-testid="sso-user-code" aria-label="Verification code">
              {prompt.userCode}
            </p>
            <p className="hint" aria-live="polite" data-testid="sso-waiting">
              Waiting for you to approve it in the browser… (the code expires at{' '}
              {new Date(prompt.expiresAt).toLocaleTimeString()})
            </p>
          </>
        )}
        <div className="buttons">
          <span className="spacer" />
          <button type="button" onClick={cancel}>
            Cancel
          </button>
          {prompt.kind === 'mfa' ? (
            <button type="submit" className="primary" data-testid="mfa-submit">
              Continue
            </button>
          ) : null}
        </div>
      </form>
    </div>
  );
}
