/**
 * Questions the engine needs a human to answer (MFA codes, SSO device codes). The engine asks; a UI
 * (dialog) or the CLI answers with prompts.answer / prompts.cancel.
 */
import { randomUUID } from 'node:crypto';
import type { Prompt } from '../../../shared/contract/events.js';
import { failure } from '../aws/engineFailure.js';
import type { SsoPrompt } from '../aws/ssoLogin.js';

export class PromptBroker {
  private readonly pending = new Map<string, { resolve: (v: string) => void; reject: (e: Error) => void }>();
  /** SSO device prompts are shown, not answered: cancelling one aborts its login. */
  private readonly sso = new Map<string, AbortController>();

  constructor(private readonly publish: (p: Prompt) => void) {}

  askMfa(awsProfile: string, mfaSerial: string): Promise<string> {
    const promptId = randomUUID();
    return new Promise<string>((resolve, reject) => {
      this.pending.set(promptId, { resolve, reject });
      this.publish({ kind: 'mfa', promptId, awsProfile, mfaSerial });
    });
  }

  answer(promptId: string, value: string): void {
    const p = this.take(promptId);
    p.resolve(value);
  }

  /** Shows an SSO device code; returns its id (for `ssoDone`) and the signal a cancel aborts. */
  showSso(
    awsProfile: string,
    p: SsoPrompt,
    promptId: string = randomUUID(),
  ): { promptId: string; signal: AbortSignal } {
    const ac = this.sso.get(promptId) ?? new AbortController();
    this.sso.set(promptId, ac);
    this.publish({
      kind: 'sso-device',
      promptId,
      awsProfile,
      verificationUri: p.verificationUri,
      ...(p.verificationUriComplete ? { verificationUriComplete: p.verificationUriComplete } : {}),
      userCode: p.userCode,
      expiresAt: p.expiresAt,
    });
    return { promptId, signal: ac.signal };
  }

  /** Reserves an SSO prompt id up front so the login can be aborted by `cancel` before it shows. */
  reserveSso(): { promptId: string; signal: AbortSignal } {
    const promptId = randomUUID();
    const ac = new AbortController();
    this.sso.set(promptId, ac);
    return { promptId, signal: ac.signal };
  }

  ssoDone(promptId: string): void {
    if (this.sso.delete(promptId)) this.publish({ kind: 'resolved', promptId });
  }

  cancel(promptId: string): void {
    const ac = this.sso.get(promptId);
    if (ac) {
      ac.abort();
      this.ssoDone(promptId);
      return;
    }
    this.take(promptId).reject(failure('CANCELLED', 'the prompt was cancelled'));
  }

  cancelAll(): void {
    for (const id of [...this.pending.keys(), ...this.sso.keys()]) this.cancel(id);
  }

  private take(promptId: string): { resolve: (v: string) => void; reject: (e: Error) => void } {
    const p = this.pending.get(promptId);
    if (!p) throw failure('NOT_FOUND', `no open prompt ${promptId}`);
    this.pending.delete(promptId);
    this.publish({ kind: 'resolved', promptId });
    return p;
  }
}
