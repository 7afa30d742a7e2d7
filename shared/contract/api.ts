/**
 * The one contract between the engine and its front ends (renderer over the preload bridge or the
 * browser-mode WebSocket; the tray in main). Written as data: each method has an input and an output
 * schema; TypeScript types are inferred. Every call resolves to a Result envelope (result.ts).
 *
 * Adding a method: add it here; engine/api/dispatch.ts must then implement it (the compiler checks),
 * and the preload exposes it automatically because it loops over this table.
 */
import { z } from 'zod';
import { Profile, ProfileInput } from '../model/profile.js';
import { ProbeResult, TunnelSnapshot } from '../model/tunnel.js';
import { EngineErrorSchema } from './errorSchema.js';

const ProfileRef = z.object({ profileId: z.string().min(1).max(64) });
const Empty = z.object({}).strict();
const Nothing = z.null();
/** A local private key file (path only; the engine reads it and forgets it). */
const KeyFilePath = z.string().min(1).max(4096);

export const FieldIssue = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssue>;

export const ManagedNode = z.object({
  instanceId: z.string(),
  name: z.string().optional(),
  computerName: z.string().optional(),
  platformType: z.string().optional(),
  platformName: z.string().optional(),
  pingStatus: z.string(),
  agentVersion: z.string().optional(),
  ipAddress: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
});
export type ManagedNode = z.infer<typeof ManagedNode>;

export const HistoryEntry = z.object({
  profileId: z.string().optional(),
  profileName: z.string().optional(),
  target: z.string(),
  sessionId: z.string(),
  startedAt: z.number(),
  endedAt: z.number().optional(),
  bytesIn: z.number(),
  bytesOut: z.number(),
  endReason: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const LogEntry = z.object({
  at: z.number(),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
  profileId: z.string().optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
});
export type LogEntry = z.infer<typeof LogEntry>;

export const Settings = z.object({
  closeToTray: z.boolean(),
  startAtLogin: z.boolean(),
  defaultAwsProfile: z.string().optional(),
  defaultRegion: z.string().optional(),
  theme: z.enum(['system', 'light', 'dark']),
});
export type Settings = z.infer<typeof Settings>;

export const Catalog = z.object({
  id: z.string(),
  name: z.string(),
  source: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('parameter-store'),
      path: z.string(),
      awsProfile: z.string().optional(),
      region: z.string().optional(),
    }),
    z.object({ kind: z.literal('file'), path: z.string() }),
    z.object({ kind: z.literal('url'), url: z.string().url() }),
  ]),
  refreshMinutes: z.number().int().min(1).max(10_080),
  lastRefreshedAt: z.number().optional(),
  lastError: EngineErrorSchema.optional(),
  profileCount: z.number().int(),
  /** Names that clash with personal profiles (shown, never merged). */
  conflicts: z.array(z.string()),
  /** Each clash spelled out: same name, or the same fixed local port as a personal profile. */
  conflictDetails: z
    .array(z.object({ name: z.string(), kind: z.enum(['name', 'port']), message: z.string() }))
    .optional(),
  /** Notes on the last good content: entries skipped (invalid, SecureString, duplicate) or changed by
   *  the catalog policy (no program launchers, loopback binds only). */
  issues: z.array(FieldIssue).optional(),
});
export type Catalog = z.infer<typeof Catalog>;

export const EngineInfo = z.object({
  version: z.string(),
  /** 'simulator' when no AWS credentials were found and the embedded simulator is serving. */
  backend: z.enum(['aws', 'simulator']),
  simulatorEndpoint: z.string().optional(),
  platform: z.string(),
  awsConfigFound: z.boolean(),
});
export type EngineInfo = z.infer<typeof EngineInfo>;

export const engineApi = {
  'engine.info': { input: Empty, output: EngineInfo },

  'profiles.list': { input: Empty, output: z.array(Profile) },
  'profiles.save': { input: ProfileInput, output: Profile },
  'profiles.delete': { input: ProfileRef, output: Nothing },
  'profiles.validate': { input: z.unknown(), output: z.object({ issues: z.array(FieldIssue) }) },
  'profiles.import': {
    input: z.object({ format: z.enum(['json', 'yaml']), text: z.string().max(5_000_000) }),
    output: z.object({ imported: z.number().int(), issues: z.array(FieldIssue) }),
  },
  'profiles.export': {
    input: z.object({ format: z.enum(['json', 'yaml']), profileIds: z.array(z.string()).optional() }),
    output: z.object({ text: z.string() }),
  },

  'tunnels.list': { input: Empty, output: z.array(TunnelSnapshot) },
  'tunnels.start': { input: ProfileRef, output: TunnelSnapshot },
  'tunnels.stop': { input: ProfileRef, output: Nothing },
  'tunnels.stopAll': { input: Empty, output: Nothing },
  'tunnels.probe': { input: ProfileRef, output: ProbeResult },
  /**
   * Runs the profile's launcher. `keyFilePath` (RDP launchers only): fetch the Windows password with
   * that private key and hand it to the RDP client where it can take it off argv (xfreerdp stdin).
   */
  'tunnels.launch': { input: ProfileRef.extend({ keyFilePath: KeyFilePath.optional() }), output: Nothing },
  'tunnels.connectionString': { input: ProfileRef, output: z.object({ text: z.string() }) },

  'targets.list': {
    input: z.object({
      awsProfile: z.string().optional(),
      region: z.string().optional(),
      query: z.string().max(200).optional(),
    }),
    output: z.array(ManagedNode),
  },
  /**
   * The target's Windows Administrator password (EC2 GetPasswordData, decrypted with the private key
   * file at keyFilePath). SECRET: shown once by the caller, never stored or logged. Rejects
   * NOT_FOUND (retryable) while EC2 has no password yet, INVALID_ARGUMENT for a bad or wrong key.
   */
  'targets.windowsPassword': {
    input: ProfileRef.extend({ keyFilePath: KeyFilePath }),
    output: z.object({ password: z.string() }),
  },
  'ports.suggest': {
    input: z.object({ address: z.string().default('127.0.0.1') }),
    output: z.object({ port: z.number().int() }),
  },
  'aws.profiles': {
    input: Empty,
    output: z.array(z.object({ name: z.string(), region: z.string().optional(), kind: z.string() })),
  },
  'aws.login': { input: z.object({ awsProfile: z.string().optional() }), output: Nothing },

  'history.list': {
    input: z.object({ limit: z.number().int().min(1).max(10_000).default(200) }),
    output: z.array(HistoryEntry),
  },
  'logs.tail': {
    input: z.object({
      profileId: z.string().optional(),
      limit: z.number().int().min(1).max(5000).default(500),
    }),
    output: z.array(LogEntry),
  },

  'settings.get': { input: Empty, output: Settings },
  'settings.set': { input: Settings.partial(), output: Settings },

  'prompts.answer': {
    input: z.object({ promptId: z.string(), value: z.string().max(1024) }),
    output: Nothing,
  },
  'prompts.cancel': { input: z.object({ promptId: z.string() }), output: Nothing },

  'catalogs.list': { input: Empty, output: z.array(Catalog) },
  'catalogs.add': {
    input: Catalog.pick({ name: true, source: true, refreshMinutes: true }),
    output: Catalog,
  },
  'catalogs.remove': { input: z.object({ catalogId: z.string() }), output: Nothing },
  'catalogs.refresh': { input: z.object({ catalogId: z.string() }), output: Catalog },
  'catalogs.copy': { input: z.object({ profileId: z.string() }), output: Profile },
} as const;

export type EngineApi = typeof engineApi;
export type MethodName = keyof EngineApi;
export type MethodInput<M extends MethodName> = z.input<EngineApi[M]['input']>;
export type MethodOutput<M extends MethodName> = z.infer<EngineApi[M]['output']>;
export const METHOD_NAMES = Object.keys(engineApi) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(engineApi, name);
}
