/**
 * One handler per contract method; the mapped type makes the compiler check that none is missing.
 * Handlers throw EngineFailures (or anything; dispatch maps it) and return plain data.
 */
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import type { z } from 'zod';
import type { EngineApi, MethodName, MethodOutput } from '../../../shared/contract/api.js';
import type { Profile } from '../../../shared/model/profile.js';
import type { Simulator } from '../../simulator/simulator.js';
import type { AwsContext } from '../aws/clientFactory.js';
import { listAwsProfiles } from '../aws/awsConfigFiles.js';
import { listManagedNodes } from '../aws/discovery.js';
import { failure } from '../aws/engineFailure.js';
import { ssoLogin } from '../aws/ssoLogin.js';
import { fetchWindowsPassword } from '../aws/windowsPassword.js';
import { catalogSource } from '../catalogs/catalogIds.js';
import type { CatalogService } from '../catalogs/catalogService.js';
import { buildLaunch, connectionString } from '../launch/buildLaunch.js';
import { runLaunch } from '../launch/spawnLaunch.js';
import { whichOnPath } from '../launch/which.js';
import type { Logger } from '../ports/logger.js';
import type { SessionHistory } from '../history/sessionHistory.js';
import { exportProfiles, importInto } from '../profiles/importExport.js';
import type { ProfileStore } from '../profiles/profileStore.js';
import { resolveTarget } from '../tunnel/sessionFactory.js';
import type { TunnelRegistry } from '../tunnel/tunnelRegistry.js';
import { tunnelsFor } from './engine.js';
import type { LogBuffer } from './logBuffer.js';
import type { PromptBroker } from './promptBroker.js';
import type { SettingsStore } from './settingsStore.js';

export interface EngineParts {
  readonly backend: 'aws' | 'simulator';
  readonly simulator: Simulator | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly profiles: ProfileStore;
  /** Team catalogs: read-only profiles listed beside the personal ones. */
  readonly catalogs: CatalogService;
  readonly registry: TunnelRegistry;
  readonly settings: SettingsStore;
  readonly prompts: PromptBroker;
  readonly logs: LogBuffer;
  readonly history: SessionHistory;
  readonly awsContext: (p: { aws: Profile['aws'] }) => AwsContext;
  readonly logger: Logger;
  /** After a login: drop cached credentials and let needs-login tunnels retry. */
  readonly credentialsChanged: () => void;
}

export type HandlerTable = {
  [M in MethodName]: (input: z.output<EngineApi[M]['input']>) => Promise<MethodOutput<M>> | MethodOutput<M>;
};

function profileOf(parts: EngineParts, id: string): Profile {
  const p = parts.profiles.get(id) ?? parts.catalogs.profile(id);
  if (!p) throw failure('PROFILE_NOT_FOUND', `no profile with id ${id}`);
  return p;
}

function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', (e) =>
      reject(failure('BIND_FAILED', `cannot probe a free port on ${address}: ${e.message}`)),
    );
    s.listen(0, address, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Clients connect to loopback when the tunnel listens on every interface. */
function launchAddress(address: string | undefined, port: number): { host: string; port: number } {
  const host = !address || address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address;
  return { host, port };
}

/** The Windows password of the profile's target (tag targets resolved like a tunnel start). */
async function profileWindowsPassword(
  parts: EngineParts,
  profile: Profile,
  keyFilePath: string,
): Promise<string> {
  const ctx = parts.awsContext(profile);
  return fetchWindowsPassword(ctx, await resolveTarget(profile, ctx), keyFilePath);
}

/** Personal profiles, then every catalog's (read-only) profiles. */
export function allProfiles(parts: Pick<EngineParts, 'profiles' | 'catalogs'>): Profile[] {
  return [...parts.profiles.list(), ...parts.catalogs.profiles()];
}

export function handlers(parts: EngineParts): HandlerTable {
  const { profiles, registry, catalogs } = parts;
  return {
    'engine.info': () => ({
      version: '0.1.0',
      backend: parts.backend,
      ...(parts.simulator ? { simulatorEndpoint: parts.simulator.endpoint } : {}),
      platform: process.platform,
      awsConfigFound: listAwsProfiles(parts.env).length > 0,
    }),
    'profiles.list': () => allProfiles(parts),
    'profiles.save': (input) => {
      catalogs.assertWritable(input.id);
      return profiles.save(input);
    },
    'profiles.delete': async ({ profileId }) => {
      catalogs.assertWritable(profileId);
      await registry.stop(profileId);
      profiles.delete(profileId);
      return null;
    },
    'profiles.validate': (input) => ({ issues: profiles.validate(input) }),
    'profiles.import': ({ format, text }) => importInto(profiles, text, format),
    'profiles.export': ({ format, profileIds }) => {
      const wanted = profileIds ? new Set(profileIds) : undefined;
      const chosen = allProfiles(parts).filter((p) => !wanted || wanted.has(p.id));
      return { text: exportProfiles(chosen, format) };
    },
    'tunnels.list': () => tunnelsFor(allProfiles(parts), registry),
    'tunnels.start': ({ profileId }) => registry.start(profileOf(parts, profileId)),
    'tunnels.stop': async ({ profileId }) => {
      await registry.stop(profileId);
      return null;
    },
    'tunnels.stopAll': async () => {
      await registry.stopAll();
      return null;
    },
    'tunnels.probe': ({ profileId }) => registry.probe(profileId),
    'tunnels.launch': async ({ profileId, keyFilePath }) => {
      // The launcher needs a bound port: start() returns the running tunnel or starts a stopped one.
      const profile = profileOf(parts, profileId);
      // Fetched before the tunnel starts so a wrong key fails fast; lives only in this call.
      const windowsPassword =
        keyFilePath !== undefined && profile.launcher.kind === 'rdp'
          ? await profileWindowsPassword(parts, profile, keyFilePath)
          : undefined;
      const t = await registry.start(profile);
      if (t.localPort === undefined)
        throw failure('LAUNCH_FAILED', 'the tunnel has no local port yet', {
          hint: 'Try again in a moment.',
        });
      const plan = buildLaunch(
        profile,
        launchAddress(t.localAddress, t.localPort),
        {
          platform: process.platform,
          which: (cmd) => whichOnPath(cmd, parts.env),
          tmpDir: tmpdir(),
        },
        windowsPassword !== undefined ? { windowsPassword } : {},
      );
      await runLaunch(plan);
      return null;
    },
    'tunnels.connectionString': ({ profileId }) => {
      const t = registry.get(profileId);
      if (!t || t.localPort === undefined)
        throw failure('NOT_FOUND', 'the tunnel is not running', { hint: 'Start it first.' });
      return {
        text: connectionString(profileOf(parts, profileId), launchAddress(t.localAddress, t.localPort)),
      };
    },
    'targets.list': ({ awsProfile, region, query }) =>
      listManagedNodes(
        parts.awsContext({
          aws: { ...(awsProfile ? { profile: awsProfile } : {}), ...(region ? { region } : {}) },
        }),
        query ? { query } : {},
      ),
    'targets.windowsPassword': async ({ profileId, keyFilePath }) => ({
      password: await profileWindowsPassword(parts, profileOf(parts, profileId), keyFilePath),
    }),
    'ports.suggest': async ({ address }) => ({ port: await freePort(address) }),
    'aws.profiles': () =>
      listAwsProfiles(parts.env).map((p) => ({
        name: p.name,
        kind: p.kind,
        ...(p.region ? { region: p.region } : {}),
      })),
    'aws.login': async ({ awsProfile }) => {
      // The device code goes out as an 'engine.prompt' {kind:'sso-device'}; prompts.cancel aborts.
      const { promptId, signal } = parts.prompts.reserveSso();
      try {
        await ssoLogin({
          awsProfile,
          env: parts.env,
          signal,
          logger: parts.logger,
          ...(parts.simulator ? { simulatorEndpoint: parts.simulator.endpoint } : {}),
          onPrompt: (p) => {
            parts.prompts.showSso(awsProfile ?? parts.env['AWS_PROFILE'] ?? 'default', p, promptId);
          },
        });
      } finally {
        parts.prompts.ssoDone(promptId);
      }
      parts.credentialsChanged();
      return null;
    },
    'history.list': ({ limit }) => parts.history.list(limit),
    'logs.tail': ({ profileId, limit }) => parts.logs.tail(limit, profileId),
    'settings.get': () => parts.settings.get(),
    'settings.set': (patch) => parts.settings.set(patch),
    'prompts.answer': ({ promptId, value }) => {
      parts.prompts.answer(promptId, value);
      return null;
    },
    'prompts.cancel': ({ promptId }) => {
      parts.prompts.cancel(promptId);
      return null;
    },
    'catalogs.list': () => catalogs.list(),
    'catalogs.add': (input) => catalogs.add(input),
    'catalogs.remove': async ({ catalogId }) => {
      // Its tunnels go with it: a running tunnel must not outlive the profile that describes it.
      for (const p of catalogs.profiles().filter((c) => c.source === catalogSource(catalogId)))
        await registry.stop(p.id);
      catalogs.remove(catalogId);
      return null;
    },
    'catalogs.refresh': ({ catalogId }) => catalogs.refresh(catalogId),
    'catalogs.copy': ({ profileId }) => catalogs.copy(profileId, profiles),
  };
}
