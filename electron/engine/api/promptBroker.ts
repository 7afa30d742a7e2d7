/**
 * Questions the engine needs a human to answer (MFA codes, SSO device codes). The engine asks; a UI
 * (dialog) or the CLI answers with prompts.answer / prompts.cancel.
 */
import { randomUUID } from 'node:crypto';
import type { Prompt } from '../../../shared/contract/events.js';
import { failure } from '../aws/engineFailure.js';

export class PromptBroker {
  private readonly pending = new Map<string, { resolve: (v: string) => void; reject: (e: Error) => void }>();

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

  cancel(promptId: string): void {
    this.take(promptId).reject(failure('CANCELLED', 'the prompt was cancelled'));
  }

  cancelAll(): void {
    for (const id of [...this.pending.keys()]) this.cancel(id);
  }

  private take(promptId: string): { resolve: (v: string) => void; reject: (e: Error) => void } {
    const p = this.pending.get(promptId);
    if (!p) throw failure('NOT_FOUND', `no open prompt ${promptId}`);
    this.pending.delete(promptId);
    this.publish({ kind: 'resolved', promptId });
    return p;
  }
}
