/**
 * What every e2e suite starts with: the built renderer, Debian's Chromium with the flags this
 * machine needs (without the background-networking ones its closed network refuses connections at
 * start), the screenshot folder, and a loopback echo server as a tunnel target.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SHOTS = join(ROOT, 'test-results', 'screenshots');

/** dist/renderer, built first if a suite runs on its own (npm test builds it before vitest). */
export function builtRenderer(): string {
  const dir = join(ROOT, 'dist', 'renderer');
  if (!existsSync(join(dir, 'index.html')))
    execFileSync('npx', ['vite', 'build', '--config', 'vite.config.mjs'], { cwd: ROOT, stdio: 'ignore' });
  mkdirSync(SHOTS, { recursive: true });
  return dir;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A TCP echo server on 127.0.0.1 (random port). */
export async function startEcho(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((s) => {
    s.on('error', () => {});
    s.pipe(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
