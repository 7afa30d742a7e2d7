/**
 * The engine's composition root: profile store, tunnel registry (over the native data-channel engine),
 * AWS contexts, settings, prompts, logs and history behind the one contract (shared/contract/api.ts).
 * Used by three shells: Electron main (IPC), browser mode (loopback WebSocket) and tests.
 *
 * Backend 'auto': with no AWS credentials anywhere, the embedded simulator serves every AWS call, so a
 * new user can try everything (engine.info says so and the UI offers a demo profile).
 */
import { join } from 'node:path';

import type { EventName, EventPayload } from '../../../shared/contract/events.js';
import { HEALTH_COALESCE_MS } from '../../../shared/contract/events.js';
import type { Result } from '../../../shared/contract/result.js';
import type { Profile } from '../../../shared/model/profile.js';
import type { TunnelSnapshot } from '../../../shared/model/tunnel.js';
import { loadAwsConfigFiles } from '../aws/awsConfigFiles.js';
import { createAwsContext, hasAwsCredentials, type AwsContext } from '../aws/clientFactory.js';
import { isCatalogProfileId } from '../catalogs/catalogIds.js';
import { CatalogService } from '../catalogs/catalogService.js';
import { SessionHistory } from '../history/sessionHistory.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { mergeSystemEvents, type SystemEvents } from '../ports/systemEvents.js';
import { ProfileStore } from '../profiles/profileStore.js';
import { systemClock, systemRandom } from '../transport/clock.js';
import { nodeSystemEvents } from '../transport/nodeSystemEvents.js';
import { createSessionFactory } from '../tunnel/sessionFactory.js';
import { TunnelRegistry } from '../tunnel/tunnelRegistry.js';
import type { Simulator } from '../../simulator/simulator.js';
import { dispatch } from './dispatch.js';
import type { EngineHost } from './engineHost.js';
import { EventHub } from './eventHub.js';
import { allProfiles, handlers, type EngineParts } from './handlers.js';
import { LogBuffer } from './logBuffer.js';
import { PromptBroker } from './promptBroker.js';
import { SettingsStore } from './settingsStore.js';

export interface CreateEngineOptions {
  readonly dataDir: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly backend?: 'auto' | 'aws' | 'simulator';
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Extra wake/network signals (Electron's powerMonitor); merged with interface polling. */
  readonly systemEvents?: SystemEvents;
}

export interface Engine extends EngineHost {
  readonly backend: 'aws' | 'simulator';
  /** The embedded simulator, when the backend is 'simulator' (tests and demos drive its faults). */
  readonly simulator: Simulator | undefined;
  readonly registry: TunnelRegistry;
  close(): Promise<void>;
}

export async function createEngine(o: CreateEngineOptions): Promise<Engine> {
  const env = o.env ?? process.env;
  const clock = o.clock ?? systemClock;
  const backend =
    o.backend === 'aws' || o.backend === 'simulator'
      ? o.backend
      : hasAwsCredentials(env)
        ? 'aws'
        : 'simulator';
  const hub = new EventHub();
  const logs = new LogBuffer(clock, (entry) => hub.emit('engine.log', entry), o.logger);
  const logger = logs.logger;
  const prompts = new PromptBroker((p) => hub.emit('engine.prompt', p));
  let simulator: Simulator | undefined;
  if (backend === 'simulator') {
    const { startSimulator } = await import('../../simulator/simulator.js');
    simulator = await startSimulator({ logger: logger.child({ component: 'simulator' }) });
    logger.log('info', 'no AWS credentials found: using the embedded simulator', {
      endpoint: simulator.endpoint,
    });
  }
  const contexts = new Map<string, AwsContext>();
  const awsContext = (p: { aws: Profile['aws'] }): AwsContext => {
    const key = `${p.aws.profile ?? ''}|${p.aws.region ?? ''}|${p.aws.ssmMessagesHost ?? ''}`;
    let ctx = contexts.get(key);
    if (!ctx) {
      ctx = createAwsContext({
        awsProfile: p.aws.profile,
        region: p.aws.region ?? (simulator ? 'us-east-1' : undefined),
        env,
        logger,
        ssmMessagesHost: p.aws.ssmMessagesHost,
        mfaCodeProvider: (req) => prompts.askMfa(req.awsProfile, req.mfaSerial),
        // Simulator: every service on its one URL. A profile naming an AWS profile that exists in the
        // config files goes through the real provider chain (role_arn, mfa_serial → the MFA prompt,
        // SSO) against the simulator's STS/SSO; otherwise static demo keys (no AWS config at all).
        ...(simulator
          ? {
              simulatorEndpoint: simulator.endpoint,
              ...(p.aws.profile !== undefined && loadAwsConfigFiles(env).profiles[p.aws.profile] !== undefined
                ? {}
                : {
                    credentials: () =>
                      Promise.resolve({ accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator' }),
                  }),
            }
          : {}),
      });
      contexts.set(key, ctx);
    }
    return ctx;
  };

  const profiles = new ProfileStore(o.dataDir);
  for (const issue of profiles.loadIssues) logger.log('warn', issue.message);
  const catalogs = new CatalogService({
    dataDir: o.dataDir,
    clock,
    logger: logger.child({ component: 'catalogs' }),
    schedule: true,
    personal: () => profiles.list(),
    // The user's own credentials for the catalog's AWS profile: IAM decides who reads which path.
    sources: {
      ssmFor: (profile, region) =>
        awsContext({
          aws: { ...(profile !== undefined ? { profile } : {}), ...(region !== undefined ? { region } : {}) },
        }).ssm,
    },
  });
  for (const issue of catalogs.loadIssues) logger.log('warn', issue);
  const history = new SessionHistory({ filePath: join(o.dataDir, 'history.jsonl') });
  const systemEvents = nodeSystemEvents({ clock });
  const registry = new TunnelRegistry({
    systemEvents: o.systemEvents ? mergeSystemEvents(systemEvents, o.systemEvents) : systemEvents,
    sessionFactory: createSessionFactory({
      awsContext,
      clock,
      random: systemRandom,
      logger,
      onSessionStarted: (profile, session) => {
        const startedAt = clock.now();
        const off = session.onEvent((e) => {
          if (e.type !== 'closed') return;
          off();
          const s = session.stats();
          void history
            .append({
              profileId: profile.id,
              profileName: profile.name,
              target:
                profile.target.kind === 'instance'
                  ? profile.target.instanceId
                  : `${profile.target.key}=${profile.target.value}`,
              sessionId: session.sessionId,
              startedAt,
              endedAt: clock.now(),
              bytesIn: s.bytesIn,
              bytesOut: s.bytesOut,
              endReason: e.reason,
            })
            .catch(() => {});
        });
      },
    }),
    clock,
    random: systemRandom,
    logger,
    onPortChosen: (id, port) =>
      isCatalogProfileId(id) ? catalogs.rememberPort(id, port) : profiles.rememberPort(id, port),
  });
  const settings = new SettingsStore(join(o.dataDir, 'settings.json'));

  // engine.update: snapshot for each new subscriber (EventHub), then deltas; health coalesced.
  const lastSent = new Map<string, number>();
  registry.onUpdate((t: TunnelSnapshot) => {
    const now = clock.monotonic();
    const prev = lastSent.get(t.profileId);
    const stateChanged = hub.lastStatus(t.profileId) !== t.status;
    if (!stateChanged && prev !== undefined && now - prev < HEALTH_COALESCE_MS) return;
    lastSent.set(t.profileId, now);
    hub.emitTunnel(t);
    // A tunnel that needs the user (login) or gave up gets a notice (tray/toast), once per change.
    if (stateChanged && (t.status === 'failed' || t.status === 'needs-login'))
      hub.emit('engine.notice', {
        level: t.status === 'failed' ? 'error' : 'warn',
        code: t.lastError?.code ?? (t.status === 'failed' ? 'INTERNAL' : 'CREDENTIALS_EXPIRED'),
        message: `${t.name}: ${t.lastError?.message ?? t.status}`,
        profileId: t.profileId,
      });
  });
  const everyProfile = (): Profile[] => allProfiles({ profiles, catalogs });
  profiles.onChange(() => hub.emit('engine.update', { kind: 'profiles', profiles: everyProfile() }));
  catalogs.onChange(() => hub.emit('engine.update', { kind: 'profiles', profiles: everyProfile() }));
  const snapshot = (): EventPayload<'engine.update'> => {
    const all = everyProfile();
    return { kind: 'snapshot', tunnels: tunnelsFor(all, registry), profiles: all };
  };
  hub.setSnapshot(snapshot);

  const parts: EngineParts = {
    backend,
    simulator,
    env,
    profiles,
    catalogs,
    registry,
    settings,
    prompts,
    logs,
    history,
    awsContext,
    logger,
    credentialsChanged: () => {
      for (const c of contexts.values()) c.credentials.invalidate();
      registry.credentialsRefreshed();
    },
  };
  const table = handlers(parts);
  return {
    backend,
    simulator,
    registry,
    call: (method: string, input: unknown): Promise<Result<unknown>> => dispatch(table, method, input),
    subscribe: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) =>
      hub.subscribe(event, listener),
    close: async () => {
      catalogs.close();
      await registry.close();
      systemEvents.dispose();
      prompts.cancelAll();
      for (const c of contexts.values()) c.destroy();
      await simulator?.close();
    },
  };
}

/** Every profile has a row: running tunnels as they are, the others as `stopped`. */
export function tunnelsFor(list: Profile[], registry: TunnelRegistry): TunnelSnapshot[] {
  return list.map(
    (p) =>
      registry.get(p.id) ?? {
        profileId: p.id,
        name: p.name,
        status: 'stopped',
        since: 0,
        target: p.target.kind === 'instance' ? p.target.instanceId : `tag:${p.target.key}=${p.target.value}`,
        health: {
          bytesIn: 0,
          bytesOut: 0,
          throughputInBps: 0,
          throughputOutBps: 0,
          activeConnections: 0,
          reconnects: 0,
        },
      },
  );
}
