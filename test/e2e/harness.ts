/**
 * What every e2e suite starts with: the built renderer, Debian's Chromium with the flags this
 * machine needs (without the background-networking ones its closed network refuses connections at
 * start), the screenshot folder, a loopback echo server as a tunnel target, and the app itself opened
 * in browser mode on an engine the suite made.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Engine } from '../../electron/engine/api/engine.js';
import {
  startBrowserModeServer,
  type BrowserModeServer,
} from '../../electron/engine/server/browserModeServer.js';

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

export interface OpenApp {
  readonly server: BrowserModeServer;
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** The app, loaded and connected to the engine (`data-engine-state="ready"`). */
  readonly page: Page;
  /** Closes Chromium and the browser-mode server (not the engine: the suite made it). */
  close(): Promise<void>;
}

/** Browser mode on `engine`, Chromium, and a page at the app once the engine is ready. */
export async function openApp(
  engine: Engine,
  opts: {
    readonly staticDir: string;
    readonly viewport: { readonly width: number; readonly height: number };
    /** Lets the page use the clipboard (the Copy buttons). */
    readonly clipboard?: boolean;
  },
): Promise<OpenApp> {
  const server = await startBrowserModeServer({ engine, staticDir: opts.staticDir });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: opts.viewport });
  if (opts.clipboard === true)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(server.url).origin,
    });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('[data-engine-state="ready"]');
  return {
    server,
    browser,
    context,
    page,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
