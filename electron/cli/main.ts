/**
 * `bastionless` — the headless CLI's composition root. Each sub-command lives in its own module under
 * ./commands and is loaded lazily, so `bastionless simulator` does not pay for the AWS SDK's
 * credential chain and so on.
 */
import type { CommandModule } from './command.js';

const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<CommandModule> }>> = {
  forward: {
    summary: 'forward a local port to a target port over Session Manager',
    load: () => import('./commands/forward.js'),
  },
  status: {
    summary: 'show the tunnels of the running local engine',
    load: () => import('./commands/status.js'),
  },
  simulator: {
    summary: 'run the local SSM simulator (API, gateway, agent)',
    load: () => import('./commands/simulator.js'),
  },
  targets: {
    summary: 'list managed nodes (DescribeInstanceInformation)',
    load: () => import('./commands/targets.js'),
  },
  preflight: {
    summary: 'check everything a tunnel needs before starting it',
    load: () => import('./commands/preflight.js'),
  },
  login: {
    summary: 'sign in to AWS IAM Identity Center (SSO) for a profile',
    load: () => import('./commands/login.js'),
  },
  profiles: {
    summary: 'list|add|edit|rm|import|export saved profiles',
    load: () => import('./commands/profiles.js'),
  },
  up: { summary: 'run saved profiles headless', load: () => import('./commands/up.js') },
  password: {
    summary: "print a Windows target's Administrator password (EC2 key pair)",
    load: () => import('./commands/password.js'),
  },
  catalog: { summary: 'add|refresh|list team catalogs', load: () => import('./commands/catalog.js') },
  ui: { summary: 'serve the app in a browser (browser mode)', load: () => import('./commands/ui.js') },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(width)}  ${v.summary}`);
  return `usage: bastionless <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun \`bastionless <command> --help\` for a command's options.\n`;
}

// The pinned AWS SDK warns on every run that future SDK releases need Node 22; that is about
// upgrades we have not taken, not about this program, and it would pollute --json output on stderr.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    process.stdout.write(`${process.env['npm_package_version'] ?? '0.1.0'}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (entry === undefined) {
    process.stderr.write(`bastionless: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const mod = await entry.load();
  return mod.run(rest, { stdout: process.stdout, stderr: process.stderr, env: process.env });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bastionless: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
