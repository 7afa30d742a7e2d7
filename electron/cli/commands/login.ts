/**
 * `bastionless login` — IAM Identity Center (SSO) sign-in with the device authorization flow; writes
 * the AWS CLI's token cache so `aws` and Bastionless share it.
 *   bastionless login [--profile P] [--json] [--endpoint URL]
 * With --json, stdout gets {"event":"prompt",…} when the code is ready and {"event":"done",…} at the end.
 */
import { ssoLogin } from '../../engine/aws/ssoLogin.js';
import type { CommandIo } from '../command.js';
import { parseCommand } from '../parseCommand.js';
import { AWS_FLAGS, printError, simulatorEndpoint } from './awsCommon.js';

const USAGE = 'usage: bastionless login [--profile P] [--json] [--endpoint URL]\n';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommand({ name: 'login', usage: USAGE, options: AWS_FLAGS }, argv, io);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const ac = new AbortController();
  const onSignal = () => ac.abort();
  process.once('SIGINT', onSignal);
  try {
    const result = await ssoLogin({
      awsProfile: values.profile,
      env: io.env,
      simulatorEndpoint: simulatorEndpoint(values, io.env),
      signal: ac.signal,
      onPrompt: (p) => {
        if (values.json === true) io.stdout.write(`${JSON.stringify({ event: 'prompt', ...p })}\n`);
        else
          io.stdout.write(
            `Open ${p.verificationUriComplete ?? p.verificationUri}\nand confirm the code ${p.userCode} ` +
              `(valid until ${new Date(p.expiresAt).toLocaleTimeString()}).\nWaiting for approval…\n`,
          );
      },
    });
    if (values.json === true) io.stdout.write(`${JSON.stringify({ event: 'done', ...result })}\n`);
    else io.stdout.write(`Signed in. Token cached in ${result.cachePath} until ${result.expiresAt}.\n`);
    return 0;
  } catch (e) {
    return printError(io, 'login', e, values.json);
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}
