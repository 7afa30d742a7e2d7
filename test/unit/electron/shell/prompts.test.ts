import { describe, expect, it } from 'vitest';
import { PromptPresenter, type PromptNotification } from '../../../../electron/shell/prompts.js';
import { FakeEngine } from './fakeEngine.js';

function setup(allowUrl = true) {
  const engine = new FakeEngine();
  const shown: (PromptNotification & { closed: boolean })[] = [];
  const registered: string[] = [];
  let reveals = 0;
  const presenter = new PromptPresenter({
    engine,
    revealWindow: () => reveals++,
    registerUrl: (url) => {
      registered.push(url);
      return allowUrl;
    },
    notify: (n) => {
      const rec = { ...n, closed: false };
      shown.push(rec);
      return { close: () => (rec.closed = true) };
    },
  });
  return { engine, shown, registered, presenter, reveals: () => reveals };
}

describe('credential prompts', () => {
  it('MFA: reveals the window and notifies; resolved closes the notification', () => {
    const { engine, shown, presenter, reveals } = setup();
    engine.emit('engine.prompt', {
      kind: 'mfa',
      promptId: 'p1',
      awsProfile: 'prod',
      mfaSerial: 'arn:aws:iam::1:mfa/u',
    });
    expect(reveals()).toBe(1);
    expect(shown).toEqual([
      {
        promptId: 'p1',
        title: 'MFA code needed',
        body: 'Enter the code from your MFA device for AWS profile "prod".',
        onClick: 'open-window',
        closed: false,
      },
    ]);
    expect(presenter.pending).toEqual(['p1']);
    engine.emit('engine.prompt', { kind: 'resolved', promptId: 'p1' });
    expect(shown[0]!.closed).toBe(true);
    expect(presenter.pending).toEqual([]);
  });

  it('SSO device code: shows the code, registers the verification URL, click opens it', () => {
    const { engine, shown, registered } = setup();
    engine.emit('engine.prompt', {
      kind: 'sso-device',
      promptId: 'p2',
      awsProfile: 'dev',
      verificationUri: 'https://device.sso.eu-west-1.amazonaws.com/',
      verificationUriComplete: 'https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH',
      userCode: 'ABCD-EFGH',
      expiresAt: 0,
    });
    expect(registered).toEqual(['https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH']);
    expect(shown[0]).toMatchObject({
      title: 'AWS sign-in needed',
      body: 'Confirm code ABCD-EFGH in your browser to sign in profile "dev".',
      onClick: { openUrl: 'https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH' },
    });
  });

  it('a non-http verification URL is not offered as a link', () => {
    const { engine, shown } = setup(false);
    engine.emit('engine.prompt', {
      kind: 'sso-device',
      promptId: 'p3',
      awsProfile: 'dev',
      verificationUri: 'file:///x',
      userCode: 'X',
      expiresAt: 0,
    });
    expect(shown[0]!.onClick).toBe('open-window');
  });

  it('dispose closes open notifications and unsubscribes', () => {
    const { engine, shown, presenter } = setup();
    engine.emit('engine.prompt', { kind: 'mfa', promptId: 'p1', awsProfile: 'prod', mfaSerial: 's' });
    presenter.dispose();
    expect(shown[0]!.closed).toBe(true);
    expect(engine.subscriberCount('engine.prompt')).toBe(0);
  });
});
