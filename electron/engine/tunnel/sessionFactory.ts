/**
 * Builds real PortSessions for profiles: the AWS context of the profile (credentials, endpoints,
 * proxy, SigV4 for the upgrade) + SdkSessionApi + the native data-channel engine. Tag targets are
 * resolved here, at start, to exactly one online managed node.
 */
import type { Profile } from '../../../shared/model/profile.js';
import type { AwsContext } from '../aws/clientFactory.js';
import { listManagedNodes } from '../aws/discovery.js';
import { failure } from '../aws/engineFailure.js';
import { sessionReason } from '../aws/sessionReason.js';
import { SdkSessionApi } from '../aws/ssmSessionApi.js';
import type { Clock, Random } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { ChannelTuning } from '../session/options.js';
import { startPortSession } from '../session/startPortSession.js';
import type { PortSession, SessionApi, SessionCredentials } from '../session/types.js';

export interface SessionFactoryOptions {
  /** The AWS context for a profile (cache it per aws profile + region; credentials refresh inside). */
  readonly awsContext: (profile: Profile) => AwsContext;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly channel?: ChannelTuning;
  /** Called with every session that starts (history, metrics). */
  readonly onSessionStarted?: (profile: Profile, session: PortSession) => void;
}

/** Dial the ssmmessages host override (VPC endpoint) when one is configured: same path and query. */
function rewritingApi(api: SessionApi, ctx: AwsContext): SessionApi {
  const rewrite = (c: SessionCredentials): SessionCredentials => ({
    ...c,
    streamUrl: ctx.dataChannelUrl(c.streamUrl),
  });
  return {
    startSession: async (input) => rewrite(await api.startSession(input)),
    resumeSession: async (id) => rewrite(await api.resumeSession(id)),
    terminateSession: (id) => api.terminateSession(id),
  };
}

export async function resolveTarget(profile: Profile, ctx: AwsContext): Promise<string> {
  const t = profile.target;
  if (t.kind === 'instance') return t.instanceId;
  const nodes = (await listManagedNodes(ctx)).filter((n) => n.tags?.[t.key] === t.value);
  const online = nodes.filter((n) => n.pingStatus === 'Online');
  if (online.length === 1) return online[0]!.instanceId;
  if (online.length === 0)
    throw failure('TARGET_NOT_FOUND', `no online managed node has the tag ${t.key}=${t.value}`, {
      hint: nodes.length > 0 ? 'The matching nodes are offline.' : 'Check the tag and the region.',
    });
  throw failure(
    'TARGET_NOT_FOUND',
    `${online.length} online nodes have the tag ${t.key}=${t.value}; a tunnel needs exactly one`,
    {
      hint: 'Use a more specific tag or pick an instance id.',
    },
  );
}

export function createSessionFactory(o: SessionFactoryOptions): (profile: Profile) => Promise<PortSession> {
  return async (profile) => {
    const ctx = o.awsContext(profile);
    const target = await resolveTarget(profile, ctx);
    const session = await startPortSession({
      api: rewritingApi(new SdkSessionApi(ctx.ssm), ctx),
      clock: o.clock,
      random: o.random,
      logger: o.logger.child({ profileId: profile.id }),
      target,
      documentName: profile.document,
      ...(profile.document === 'AWS-StartPortForwardingSessionToRemoteHost' && profile.remoteHost
        ? { host: profile.remoteHost }
        : {}),
      remotePort: profile.remotePort,
      reason: sessionReason(profile.name),
      ...(o.channel ? { channel: o.channel } : {}),
      socket: {
        upgradeHeaders: (url) => ctx.signDataChannelUpgrade(url),
        ...(ctx.wsAgent ? { agent: ctx.wsAgent } : {}),
      },
    });
    o.onSessionStarted?.(profile, session);
    return session;
  };
}
