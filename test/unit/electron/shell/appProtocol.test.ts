import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CSP } from '../../../../build/csp.js';
import { createAppProtocolHandler, resolveAsset } from '../../../../electron/shell/appProtocol.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bl-proto-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>x</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('serves files under the root with the CSP and falls back to index.html for routes', async () => {
    const handle = createAppProtocolHandler(root);
    const js = await handle({ url: 'app://bastionless/assets/app.js' });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await js.text()).toBe('console.log(1)');
    const route = await handle({ url: 'app://bastionless/tunnels/orders' });
    expect(await route.text()).toContain('<!doctype html>');
    expect((await handle({ url: 'app://bastionless/missing.js' })).status).toBe(404);
  });

  it.each([
    'app://bastionless/%2e%2e/%2e%2e/etc/passwd.txt',
    'app://bastionless/..%2f..%2fetc%2fpasswd.txt',
    'app://bastionless/a/..%5c..%5c..%5cetc%5cpasswd.txt',
  ])('never resolves %s outside the root', (url) => {
    const r = resolveAsset(url, root);
    if ('path' in r) expect(r.path.startsWith(`${root}/`)).toBe(true);
    else expect(r).toEqual({ status: 404 });
  });

  it.each([
    'app://other/index.html',
    'https://bastionless/index.html',
    'app://bastionless/secret.pem',
    'app://bastionless/%00.js',
    'app://bastionless/%E0%A4%A.js',
  ])('refuses %s', (url) => {
    expect(resolveAsset(url, root)).toEqual({ status: 404 });
  });
});
