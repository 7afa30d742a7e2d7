/**
 * Credential prompts from the engine ('engine.prompt': MFA code, SSO device code). The answer is typed
 * into the app's own dialog (the renderer shows it from the same event), so main's job is to make sure
 * the user sees it: bring the window forward and post an OS notification (the window may be hidden in
 * the tray). For SSO, the verification URI is registered with ExternalLinks so "Open browser" works,
 * and the notification's click opens it directly. A 'resolved' prompt closes its notification.
 */
import type { Prompt } from '../../shared/contract/events.js';
import type { EngineHost } from '../engine/api/engineHost.js';

export interface PromptNotification {
  readonly promptId: string;
  readonly title: string;
  readonly body: string;
  /** What a click on the notification does. */
  readonly onClick: 'open-window' | { readonly openUrl: string };
}

export interface ClosableNotification {
  close(): void;
}

export interface PromptDeps {
  readonly engine: EngineHost;
  readonly revealWindow: () => void;
  readonly notify: (n: PromptNotification) => ClosableNotification;
  /** Registers an app-built URL with the external-link allowlist; false if it is not http(s). */
  readonly registerUrl: (url: string) => boolean;
}

export function promptNotification(
  p: Exclude<Prompt, { kind: 'resolved' }>,
  urlAllowed: boolean,
): PromptNotification {
  switch (p.kind) {
    case 'mfa':
      return {
        promptId: p.promptId,
        title: 'MFA code needed',
        body: `Enter the code from your MFA device for AWS profile "${p.awsProfile}".`,
        onClick: 'open-window',
      };
    case 'sso-device': {
      const url = p.verificationUriComplete ?? p.verificationUri;
      return {
        promptId: p.promptId,
        title: 'AWS sign-in needed',
        body: `Confirm code ${p.userCode} in your browser to sign in profile "${p.awsProfile}".`,
        onClick: urlAllowed ? { openUrl: url } : 'open-window',
      };
    }
  }
}

export class PromptPresenter {
  private readonly open = new Map<string, ClosableNotification>();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: PromptDeps) {
    this.unsubscribe = deps.engine.subscribe('engine.prompt', (p) => this.onPrompt(p));
  }

  private onPrompt(p: Prompt): void {
    if (p.kind === 'resolved') {
      this.open.get(p.promptId)?.close();
      this.open.delete(p.promptId);
      return;
    }
    const urlAllowed =
      p.kind === 'sso-device' ? this.deps.registerUrl(p.verificationUriComplete ?? p.verificationUri) : false;
    this.deps.revealWindow();
    this.open.get(p.promptId)?.close();
    this.open.set(p.promptId, this.deps.notify(promptNotification(p, urlAllowed)));
  }

  get pending(): readonly string[] {
    return [...this.open.keys()];
  }

  dispose(): void {
    this.unsubscribe();
    for (const n of this.open.values()) n.close();
    this.open.clear();
  }
}
