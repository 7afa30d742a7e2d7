/**
 * Shared by the AWS-facing CLI commands (targets, preflight, login): the common flags, building the
 * AwsContext (MFA codes are read from the terminal), and printing EngineErrors with their hints.
 *   --profile P   AWS profile (default: AWS_PROFILE / default chain)
 *   --region R    region (default: AWS_REGION / the profile's region)
 *   --endpoint U  every AWS service at one URL (the simulator); also BASTIONLESS_SIMULATOR_ENDPOINT
 */
import { createInterface } from 'node:readline';
import { isEngineError, type EngineError } from '../../../shared/contract/errors.js';
import { toEngineError } from '../../engine/aws/awsErrors.js';
import { createAwsContext, type AwsContext } from '../../engine/aws/clientFactory.js';
import type { CommandIo } from '../command.js';

export const AWS_FLAGS = {
  profile: { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What a tunnel is to: shared by `forward` and `preflight` (same names, same meaning). */
export const TUNNEL_FLAGS = {
  target: { type: 'string' },
  'remote-port': { type: 'string' },
  host: { type: 'string' },
  'local-port': { type: 'string' },
  bind: { type: 'string' },
} as const;

export interface AwsFlagValues {
  profile?: string | undefined;
  region?: string | undefined;
  endpoint?: string | undefined;
}

export function simulatorEndpoint(values: AwsFlagValues, env: NodeJS.ProcessEnv): string | undefined {
  return values.endpoint ?? (env['BASTIONLESS_SIMULATOR_ENDPOINT'] || undefined);
}

/** Reads one line from the terminal (stdin), prompting on stderr. */
export function askLine(io: CommandIo, question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: io.stderr, terminal: false });
    io.stderr.write(question);
    rl.once('line', (line) => {
      rl.close();
      resolve(line.trim());
    });
    rl.once('close', () => resolve(''));
  });
}

export function awsContextFromFlags(values: AwsFlagValues, io: CommandIo): AwsContext {
  return createAwsContext({
    awsProfile: values.profile,
    region: values.region,
    env: io.env,
    simulatorEndpoint: simulatorEndpoint(values, io.env),
    mfaCodeProvider: ({ awsProfile, mfaSerial }) =>
      askLine(io, `MFA code for ${awsProfile} (${mfaSerial}): `),
  });
}

export function errorOf(e: unknown): EngineError {
  return isEngineError(e) ? e : toEngineError(e);
}

export function printError(io: CommandIo, command: string, e: unknown, json: boolean | undefined): number {
  const err = errorOf(e);
  if (json === true) io.stdout.write(`${JSON.stringify({ error: err })}\n`);
  else
    io.stderr.write(
      `bastionless ${command}: ${err.message}\n${err.hint !== undefined ? `  hint: ${err.hint}\n` : ''}`,
    );
  return 1;
}
