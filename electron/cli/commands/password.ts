/**
 * `bastionless password PROFILE|INSTANCE-ID --key FILE` — the Windows Administrator password of a
 * target (EC2 GetPasswordData, decrypted locally with the key pair's private key file). Printed once
 * on stdout (alone on its line, so `| xclip` or `| pbcopy` works), never stored or logged. A saved
 * profile supplies its target (tag targets resolved like a tunnel), AWS profile and region; flags
 * override them.
 */
import { INSTANCE_ID_PATTERN, type Profile } from '../../../shared/model/profile.js';
import type { AwsContext } from '../../engine/aws/clientFactory.js';
import { failure } from '../../engine/aws/engineFailure.js';
import { fetchWindowsPassword } from '../../engine/aws/windowsPassword.js';
import { appDataDir } from '../../engine/profiles/paths.js';
import { ProfileStore } from '../../engine/profiles/profileStore.js';
import { resolveTarget } from '../../engine/tunnel/sessionFactory.js';
import type { CommandIo } from '../command.js';
import { parseCommand } from '../parseCommand.js';
import { AWS_FLAGS, awsContextFromFlags, printError } from './awsCommon.js';

const USAGE = `usage: bastionless password PROFILE|INSTANCE-ID --key FILE [--profile P] [--region R] [--json] [--endpoint URL]
  Prints the Windows Administrator password (EC2 GetPasswordData), decrypted with the key pair's
  private key FILE. Nothing is stored.
`;

function savedProfile(ref: string, io: CommandIo): Profile | undefined {
  const store = new ProfileStore(appDataDir(io.env));
  return store.byName(ref) ?? store.get(ref);
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommand(
    { name: 'password', usage: USAGE, options: { ...AWS_FLAGS, key: { type: 'string' } }, positionals: true },
    argv,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [ref] = positionals;
  if (ref === undefined || positionals.length > 1 || values.key === undefined) {
    io.stderr.write(`bastionless password: needs one PROFILE or INSTANCE-ID and --key FILE\n${USAGE}`);
    return 2;
  }
  let ctx: AwsContext | undefined;
  try {
    const profile = INSTANCE_ID_PATTERN.test(ref) ? undefined : savedProfile(ref, io);
    if (profile === undefined && !INSTANCE_ID_PATTERN.test(ref))
      throw failure('PROFILE_NOT_FOUND', `no saved profile named "${ref}" (and it is not an instance id)`, {
        hint: 'Give a profile name from `bastionless profiles list` or an instance id like i-0123456789abcdef0.',
      });
    ctx = awsContextFromFlags(
      {
        profile: values.profile ?? profile?.aws.profile,
        region: values.region ?? profile?.aws.region,
        endpoint: values.endpoint,
      },
      io,
    );
    const instanceId = profile !== undefined ? await resolveTarget(profile, ctx) : ref;
    const password = await fetchWindowsPassword(ctx, instanceId, values.key);
    if (values.json === true) io.stdout.write(`${JSON.stringify({ instanceId, password })}\n`);
    else {
      io.stderr.write(`Administrator password of ${instanceId} (not stored anywhere):\n`);
      io.stdout.write(`${password}\n`);
    }
    return 0;
  } catch (e) {
    return printError(io, 'password', e, values.json);
  } finally {
    ctx?.destroy();
  }
}
