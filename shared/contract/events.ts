/**
 * The engine's event stream. A new subscriber first gets `engine.update` {kind:'snapshot'}, then
 * deltas. Health is coalesced per tunnel to at most one update per HEALTH_COALESCE_MS.
 */
import { z } from 'zod';
import { Profile } from '../model/profile.js';
import { TunnelSnapshot } from '../model/tunnel.js';
import { LogEntry } from './api.js';

/** Busy tunnels must not flood IPC: at most one health delta per tunnel per this interval. */
export const HEALTH_COALESCE_MS = 500;

export const EngineUpdate = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('snapshot'), tunnels: z.array(TunnelSnapshot), profiles: z.array(Profile) }),
  z.object({ kind: z.literal('tunnel'), tunnel: TunnelSnapshot }),
  z.object({ kind: z.literal('profiles'), profiles: z.array(Profile) }),
]);
export type EngineUpdate = z.infer<typeof EngineUpdate>;

/** A question the engine needs a human to answer (answered with prompts.answer / prompts.cancel). */
export const Prompt = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('mfa'), promptId: z.string(), awsProfile: z.string(), mfaSerial: z.string() }),
  z.object({
    kind: z.literal('sso-device'),
    promptId: z.string(),
    awsProfile: z.string(),
    verificationUri: z.string(),
    verificationUriComplete: z.string().optional(),
    userCode: z.string(),
    expiresAt: z.number(),
  }),
  z.object({ kind: z.literal('resolved'), promptId: z.string() }),
]);
export type Prompt = z.infer<typeof Prompt>;

export const Notice = z.object({
  level: z.enum(['info', 'warn', 'error']),
  code: z.string(),
  message: z.string(),
  profileId: z.string().optional(),
});
export type Notice = z.infer<typeof Notice>;

export const engineEvents = {
  'engine.update': EngineUpdate,
  'engine.prompt': Prompt,
  'engine.notice': Notice,
  'engine.log': LogEntry,
} as const;

export type EngineEvents = typeof engineEvents;
export type EventName = keyof EngineEvents;
export type EventPayload<E extends EventName> = z.infer<EngineEvents[E]>;
export const EVENT_NAMES = Object.keys(engineEvents) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(engineEvents, name);
}
