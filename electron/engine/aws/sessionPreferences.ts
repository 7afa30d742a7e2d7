/**
 * The account's Session Manager preferences live in the SSM document `SSM-SessionManagerRunShell`
 * (sessionType Standard_Stream), `inputs.idleSessionTimeout` (minutes, 1..60, string) and
 * `inputs.maxSessionDuration` (minutes, 1..1440, string or empty). The supervisor uses them to warn
 * before the service ends a session (ssm-protocol.md §10.4) and the UI shows them.
 * No document (never configured) means the service defaults: 20 min idle, no maximum.
 */
import { GetDocumentCommand } from '@aws-sdk/client-ssm';
import { awsErrorCode, toEngineError } from './awsErrors.js';
import type { AwsContext } from './clientFactory.js';
import { EngineFailure } from './engineFailure.js';

export const SESSION_PREFERENCES_DOCUMENT = 'SSM-SessionManagerRunShell';
/** The service's idle timeout when the preferences document does not exist. */
export const DEFAULT_IDLE_TIMEOUT_MINUTES = 20;

export interface SessionPreferences {
  readonly idleTimeoutMinutes?: number;
  readonly maxSessionDurationMinutes?: number;
  /** 'document' = read from SSM-SessionManagerRunShell; 'default' = the document does not exist. */
  readonly source: 'document' | 'default';
}

function minutes(v: unknown, max: number): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= max ? n : undefined;
}

export function parseSessionPreferences(content: string): SessionPreferences {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch {
    return { source: 'document' };
  }
  const inputs =
    typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)['inputs'] : undefined;
  const rec = typeof inputs === 'object' && inputs !== null ? (inputs as Record<string, unknown>) : {};
  const idle = minutes(rec['idleSessionTimeout'], 60);
  const max = minutes(rec['maxSessionDuration'], 1440);
  return {
    source: 'document',
    idleTimeoutMinutes: idle ?? DEFAULT_IDLE_TIMEOUT_MINUTES,
    ...(max !== undefined ? { maxSessionDurationMinutes: max } : {}),
  };
}

/** Rejects with an EngineError (AccessDenied → ACCESS_DENIED: ssm:GetDocument is missing). */
export async function readSessionPreferences(ctx: Pick<AwsContext, 'ssm'>): Promise<SessionPreferences> {
  try {
    const out = await ctx.ssm.send(
      new GetDocumentCommand({ Name: SESSION_PREFERENCES_DOCUMENT, DocumentFormat: 'JSON' }),
    );
    return parseSessionPreferences(out.Content ?? '');
  } catch (e) {
    const code = awsErrorCode(e);
    if (code === 'InvalidDocument' || code === 'DocumentNotFound')
      return { source: 'default', idleTimeoutMinutes: DEFAULT_IDLE_TIMEOUT_MINUTES };
    throw EngineFailure.of(toEngineError(e, 'Reading Session Manager preferences'));
  }
}
