/**
 * Maps AWS SDK errors (and network failures) to EngineErrors with stable codes and actionable hints.
 * The SDK exposes the service error code as `name` (and `$metadata.httpStatusCode`).
 */
import { engineError, isEngineError, type EngineError } from '../../../shared/contract/errors.js';

function field(e: unknown, key: string): unknown {
  return typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[key] : undefined;
}

export function awsErrorCode(e: unknown): string | undefined {
  const name = field(e, 'name') ?? field(e, 'Code') ?? field(e, 'code');
  return typeof name === 'string' ? name : undefined;
}

export function toEngineError(e: unknown, context = 'AWS call'): EngineError {
  if (isEngineError(e)) return e;
  // CredentialsResolutionError (credentialErrors.ts) carries its classified EngineError; the SDK
  // rethrows it unchanged from any client call that needed credentials.
  const carried = field(e, 'engineError');
  if (isEngineError(carried)) return carried;
  const code = awsErrorCode(e);
  const message = e instanceof Error ? e.message : String(e);
  const m = `${context}: ${message}`;
  switch (code) {
    case 'TargetNotConnected':
      return engineError('TARGET_NOT_CONNECTED', m, {
        hint: 'The SSM agent on the target is offline or not registered.',
      });
    case 'InvalidDocument':
      return engineError('INVALID_DOCUMENT', m, {
        hint: 'The session document does not exist or is not allowed for this target.',
      });
    case 'DoesNotExistException':
      return engineError('SESSION_NOT_RESUMABLE', m);
    case 'InvalidInstanceId':
    case 'InvalidTarget':
      return engineError('TARGET_NOT_FOUND', m, { hint: 'Check the instance id and region.' });
    case 'AccessDeniedException':
    case 'AccessDenied':
    case 'UnauthorizedOperation':
      return engineError('ACCESS_DENIED', m, {
        hint: 'Your role needs ssm:StartSession on the target and the document.',
      });
    case 'ExpiredTokenException':
    case 'ExpiredToken':
    case 'RequestExpired':
      return engineError('CREDENTIALS_EXPIRED', m, {
        hint: 'Sign in again (bastionless login) or refresh your credentials.',
      });
    case 'UnrecognizedClientException':
    case 'InvalidClientTokenId':
    case 'InvalidSignatureException':
    case 'SignatureDoesNotMatch':
      return engineError('CREDENTIALS_INVALID', m, { hint: 'The access key is not valid for this account.' });
    case 'UnauthorizedException':
    case 'TokenProviderError':
      return engineError('SSO_LOGIN_REQUIRED', m, {
        hint: 'Your AWS SSO sign-in is missing or expired: run `bastionless login` (or `aws sso login`).',
      });
    case 'OptInRequired':
    case 'AuthFailure':
      return engineError('CREDENTIALS_INVALID', m, {
        hint: 'The credentials are not valid for this service.',
      });
    case 'CredentialsProviderError':
      return engineError('CREDENTIALS_MISSING', m, { hint: 'Configure an AWS profile or set AWS_PROFILE.' });
    case 'ThrottlingException':
    case 'TooManyRequestsException':
      return engineError('THROTTLED', m);
    case 'InternalServerError':
    case 'ServiceUnavailable':
      return engineError('AWS_SERVICE_ERROR', m);
    default:
      break;
  }
  const errno = field(e, 'code');
  if (
    typeof errno === 'string' &&
    /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|EPIPE)$/.test(errno)
  )
    return engineError('NETWORK_ERROR', m);
  const status = field(field(e, '$metadata'), 'httpStatusCode');
  if (typeof status === 'number' && status >= 500) return engineError('AWS_SERVICE_ERROR', m);
  return engineError('INTERNAL', m);
}
