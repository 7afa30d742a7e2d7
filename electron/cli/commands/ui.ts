/**
 * `bastionless ui [--port N] [--no-open] [--data-dir D] [--backend auto|aws|simulator] [--json]`
 * Browser mode: the engine plus the built renderer on 127.0.0.1, behind a random token. Runs until
 * SIGINT/SIGTERM, then stops every tunnel cleanly.
 */
import { nextStopSignal } from '../signals.js';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../engine/api/engine.js';
import { appDataDir } from '../../engine/profiles/paths.js';
import { startBrowserModeServer } from '../../engine/server/browserModeServer.js';
import { publishRuntime } from '../../engine/tunnel/runtimeFile.js';
import type { CommandIo } from '../command.js';
import { parseCommand } from '../parseCommand.js';

/** dist/renderer, next to this file's compiled location (dist/electron/cli/commands). */
export const RENDERER_DIR = fileURLToPath(new URL('../../../renderer/', import.meta.url));

function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['explorer.exe', [url]]
        : ['xdg-open', [url]];
  const child = spawn(cmd, args, { shell: false, detached: true, stdio: 'ignore' });
  child.on('error', () => {});
  child.unref();
}

const USAGE =
  'usage: bastionless ui [--port N] [--no-open] [--data-dir D] [--backend auto|aws|simulator] [--json]\n';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommand(
    {
      name: 'ui',
      usage: USAGE,
      options: {
        port: { type: 'string' },
        'no-open': { type: 'boolean' },
        'data-dir': { type: 'string' },
        backend: { type: 'string' },
        'static-dir': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    argv,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const staticDir = values['static-dir'] ?? RENDERER_DIR;
  if (!existsSync(`${staticDir}/index.html`)) {
    io.stderr.write(
      `bastionless ui: the renderer is not built (${staticDir}); run \`npm run build:renderer\`\n`,
    );
    return 1;
  }
  const backend = values.backend === 'aws' || values.backend === 'simulator' ? values.backend : 'auto';
  const engine = await createEngine({
    dataDir: values['data-dir'] ?? appDataDir(io.env),
    env: io.env,
    backend,
  });
  const server = await startBrowserModeServer({
    engine,
    staticDir,
    ...(values.port !== undefined ? { port: Number(values.port) } : {}),
  });
  const runtime = publishRuntime('ui', io.env);
  const off = engine.registry.onUpdate(() => runtime.update(engine.registry.list()));
  if (values.json)
    io.stdout.write(`${JSON.stringify({ event: 'ready', url: server.url, backend: engine.backend })}\n`);
  else
    io.stdout.write(
      `Bastionless is running at ${server.url}\n${engine.backend === 'simulator' ? 'No AWS credentials found: using the embedded simulator.\n' : ''}Press Ctrl-C to stop.\n`,
    );
  if (!values['no-open']) openBrowser(server.url);
  await nextStopSignal();
  off();
  await server.close();
  await engine.close();
  runtime.remove();
  return 0;
}
