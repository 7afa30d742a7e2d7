/**
 * Credential resolution failures, sorted into what the user must do next. The SDK's providers throw
 * CredentialsProviderError / TokenProviderError with only a message, so we classify by message text
 * here, once, and from then on everything branches on the EngineError code.
 *
 * The error is thrown as an EngineFailure (an Error that is also an EngineError; the SDK's middleware
 * expects Errors and rethrows it unchanged), so toEngineError() returns it as is.
 */
import { engineError, isEngineError, type EngineError } from '../../../shared/contract/errors.js';
import { awsErrorCode } from './awsErrors.js';
import { EngineFailure } from './engineFailure.js';

export class CredentialsResolutionError extends EngineFailure {
  constructor(e: EngineError) {
    super(e);
    this.name = 'CredentialsResolutionError';
  }
}

function loginHint(profile: string | undefined): string {
  return `Run \`bastionless login${profile !== undefined ? ` --profile ${profile}` : ''}\` (or \`aws sso login\`) and try again.`;
}

export function classifyCredentialsFailure(e: unknown, profile: string | undefined): EngineError {
  if (isEngineError(e)) return e;
  const raw = e instanceof Error ? e.message : String(e);
  const msg = raw.split('\n')[0] ?? raw;
  const who = profile !== undefined ? `profile ${profile}` : 'the default credentials';
  const code = awsErrorCode(e);
  if ((code === 'AccessDenied' || code === 'AccessDeniedException') && /multi-?factor|mfa/i.test(msg))
    return engineError('MFA_REQUIRED', `The MFA code for ${who} was rejected: ${msg}`, {
      hint: 'Enter the current code from your MFA device (codes change every 30 s).',
    });
  if (code === 'AccessDenied' || code === 'AccessDeniedException')
    return engineError('ACCESS_DENIED', `Assuming the role of ${who} was denied: ${msg}`, {
      hint: 'Check the role trust policy, the MFA code and sts:AssumeRole on the source identity.',
    });
  if (code === 'ExpiredToken' || code === 'ExpiredTokenException')
    return engineError('CREDENTIALS_EXPIRED', `Credentials for ${who} have expired: ${msg}`, {
      hint: loginHint(profile),
    });
  if (code === 'InvalidClientTokenId' || code === 'SignatureDoesNotMatch')
    return engineError('CREDENTIALS_INVALID', `Credentials for ${who} were rejected: ${msg}`, {
      hint: 'The access key is not valid; update it in ~/.aws/credentials.',
    });
  if (/multi-factor|mfa/i.test(msg))
    return engineError('MFA_REQUIRED', `Credentials for ${who} need an MFA code: ${msg}`, {
      hint: 'Enter the current code from your MFA device when asked.',
    });
  if (
    /sso session|sso token|token.*expired|TokenProviderError|refresh this sso/i.test(msg) ||
    code === 'TokenProviderError'
  )
    return engineError('SSO_LOGIN_REQUIRED', `Your AWS SSO session for ${who} is missing or expired.`, {
      hint: loginHint(profile),
    });
  if (code === 'UnauthorizedException' || code === 'ForbiddenException')
    return engineError('SSO_LOGIN_REQUIRED', `AWS SSO rejected the cached sign-in for ${who}: ${msg}`, {
      hint: loginHint(profile),
    });
  if (/profile .* (was )?not found|could not resolve credentials using profile/i.test(msg))
    return engineError('PROFILE_NOT_FOUND', `AWS ${who} has no usable credentials: ${msg}`, {
      hint: 'Check ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE).',
    });
  if (/credential_process|process/i.test(msg) && /credential/i.test(msg))
    return engineError('CREDENTIALS_MISSING', `credential_process for ${who} failed: ${msg}`, {
      hint: 'Run the credential_process command by hand to see its error.',
    });
  return engineError('CREDENTIALS_MISSING', `Could not load AWS credentials for ${who}: ${msg}`, {
    hint: 'Configure an AWS profile (aws configure / aws configure sso) or pick another profile.',
  });
}

export function credentialsError(e: unknown, profile: string | undefined): CredentialsResolutionError {
  return new CredentialsResolutionError(classifyCredentialsFailure(e, profile));
}
