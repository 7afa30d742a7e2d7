#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run prepare` (runs on `npm ci`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/electron/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('bastionless: not built yet; run `npm run build:node` (npm ci does it for you)\n');
  process.exit(1);
}
await import(entry.href);
