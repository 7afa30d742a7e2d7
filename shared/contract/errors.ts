/**
 * Errors are data (architecture §8.6): a stable SCREAMING code plus flags the UI and the supervisor
 * branch on. Never branch on `message`; never use `instanceof` across a process boundary.
 */
export const ENGINE_ERROR_CODES = [
  // protocol
  'PROTOCOL_MALFORMED_FRAME',
  'PROTOCOL_HANDSHAKE_TIMEOUT',
  'PROTOCOL_HANDSHAKE_FAILED',
  'PROTOCOL_VIOLATION',
  'MUX_PROTOCOL_ERROR',
  // session / service
  'SESSION_ENDED_BY_SERVICE',
  'SESSION_NOT_RESUMABLE',
  'SESSION_RESUME_FAILED',
  'DATA_CHANNEL_LOST',
  'DATA_CHANNEL_REJECTED',
  'RESEND_LIMIT_EXCEEDED',
  // target
  'TARGET_NOT_FOUND',
  'TARGET_NOT_CONNECTED',
  'TARGET_REFUSED',
  'TARGET_UNREACHABLE',
  'AGENT_TOO_OLD',
  // AWS / credentials
  'ACCESS_DENIED',
  'INVALID_DOCUMENT',
  'CREDENTIALS_MISSING',
  'CREDENTIALS_EXPIRED',
  'CREDENTIALS_INVALID',
  'MFA_REQUIRED',
  'SSO_LOGIN_REQUIRED',
  'THROTTLED',
  'AWS_SERVICE_ERROR',
  'NETWORK_ERROR',
  // local
  'PORT_IN_USE',
  'BIND_FAILED',
  'INVALID_ARGUMENT',
  'PROFILE_INVALID',
  'PROFILE_NOT_FOUND',
  'PROFILE_FILE_CORRUPT',
  'CATALOG_ERROR',
  'LAUNCH_FAILED',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'CANCELLED',
  'TIMEOUT',
  'INTERNAL',
] as const;

export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

export interface EngineError {
  readonly code: EngineErrorCode;
  /** Human-readable, one line, safe to show (never contains secrets). */
  readonly message: string;
  /** A transient failure: retrying the same thing later may succeed. */
  readonly retryable: boolean;
  /** The user must (re)authenticate before this can succeed. */
  readonly needsLogin: boolean;
  /** An actionable next step for the user, if we know one. */
  readonly hint?: string;
  readonly detail?: Readonly<Record<string, string | number | boolean | null>>;
}

const RETRYABLE: ReadonlySet<EngineErrorCode> = new Set<EngineErrorCode>([
  'DATA_CHANNEL_LOST',
  'SESSION_RESUME_FAILED',
  'THROTTLED',
  'NETWORK_ERROR',
  'TIMEOUT',
  'AWS_SERVICE_ERROR',
  'TARGET_NOT_CONNECTED',
]);

const NEEDS_LOGIN: ReadonlySet<EngineErrorCode> = new Set<EngineErrorCode>([
  'CREDENTIALS_MISSING',
  'CREDENTIALS_EXPIRED',
  'CREDENTIALS_INVALID',
  'MFA_REQUIRED',
  'SSO_LOGIN_REQUIRED',
]);

export function engineError(
  code: EngineErrorCode,
  message: string,
  extra: { hint?: string; detail?: EngineError['detail']; retryable?: boolean } = {},
): EngineError {
  return {
    code,
    message,
    retryable: extra.retryable ?? RETRYABLE.has(code),
    needsLogin: NEEDS_LOGIN.has(code),
    ...(extra.hint !== undefined ? { hint: extra.hint } : {}),
    ...(extra.detail !== undefined ? { detail: extra.detail } : {}),
  };
}

export function isEngineError(value: unknown): value is EngineError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['code'] === 'string' &&
    (ENGINE_ERROR_CODES as readonly string[]).includes(v['code']) &&
    typeof v['message'] === 'string' &&
    typeof v['retryable'] === 'boolean' &&
    typeof v['needsLogin'] === 'boolean'
  );
}
