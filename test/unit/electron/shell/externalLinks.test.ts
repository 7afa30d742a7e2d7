import { describe, expect, it } from 'vitest';
import { ExternalLinks } from '../../../../electron/shell/externalLinks.js';
import { createShellLauncher } from '../../../../electron/shell/launcher.js';

function setup() {
  const opened: string[] = [];
  const refused: string[] = [];
  const links = new ExternalLinks(
    (url) => {
      opened.push(url);
      return Promise.resolve();
    },
    (url) => refused.push(url),
  );
  return { links, opened, refused };
}

describe('ExternalLinks', () => {
  it.each([
    'file:///etc/passwd',
    'smb://host/share',
    'javascript:alert(1)',
    'ms-settings:privacy',
    'jdbc:postgresql://127.0.0.1:5432/db',
    'https://evil.example/',
    'http://console.aws.amazon.com/',
    'https://user:pw@eu-west-1.console.aws.amazon.com/',
    'https://bucket.s3.amazonaws.com/phish.html',
    'https://console.aws.amazon.com.evil.example/',
    'not a url',
  ])('refuses %s', async (url) => {
    const { links, opened, refused } = setup();
    await expect(links.open(url)).resolves.toBe(false);
    expect(opened).toEqual([]);
    expect(refused).toEqual([url]);
  });

  it.each([
    'https://eu-west-1.console.aws.amazon.com/systems-manager/session-manager',
    'https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH',
    'https://d-1234567890.awsapps.com/start',
  ])('opens allowlisted https %s', async (url) => {
    const { links, opened } = setup();
    await expect(links.open(url)).resolves.toBe(true);
    expect(opened).toEqual([url]);
  });

  it('opens a URL main registered (launcher), exactly that one', async () => {
    const { links, opened } = setup();
    expect(links.register('http://127.0.0.1:8080/admin')).toBe(true);
    expect(links.register('file:///x')).toBe(false);
    await expect(links.open('http://127.0.0.1:8080/admin')).resolves.toBe(true);
    await expect(links.open('http://127.0.0.1:8080/other')).resolves.toBe(false);
    expect(opened).toEqual(['http://127.0.0.1:8080/admin']);
  });
});

describe('shell launcher', () => {
  it('opens http(s) launcher URLs, refuses others as LAUNCH_FAILED, and copies text', async () => {
    const { links, opened } = setup();
    const clip: string[] = [];
    const launcher = createShellLauncher(links, { writeText: (t) => clip.push(t) });
    await expect(launcher.openUrl('http://127.0.0.1:9000/')).resolves.toEqual({ ok: true, value: null });
    await expect(launcher.openUrl('jdbc:postgresql://127.0.0.1/db')).resolves.toMatchObject({
      ok: false,
      error: { code: 'LAUNCH_FAILED' },
    });
    expect(opened).toEqual(['http://127.0.0.1:9000/']);
    expect(launcher.copyText('postgres://app@127.0.0.1:5432/orders')).toEqual({ ok: true, value: null });
    expect(clip).toEqual(['postgres://app@127.0.0.1:5432/orders']);
  });
});
