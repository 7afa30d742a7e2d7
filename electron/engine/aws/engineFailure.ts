/**
 * EngineErrors are data (shared/contract/errors.ts), but code that rejects must throw an Error (lint
 * rule only-throw-error; the SDK's middleware also expects Errors). EngineFailure is both: an Error
 * whose own fields are the EngineError's, so isEngineError() accepts it, toEngineError() returns it
 * unchanged, and `toJSON()` / plainEngineError() give the plain object that crosses IPC.
 */
import { engineError, type EngineError, type EngineErrorCode } from '../../../shared/contract/errors.js';

export class EngineFailure extends Error implements EngineError {
  readonly code: EngineErrorCode;
  readonly retryable: boolean;
  readonly needsLogin: boolean;
  readonly hint?: string;
  readonly detail?: NonNullable<EngineError['detail']>;

  constructor(e: EngineError) {
    super(e.message);
    this.name = 'EngineFailure';
    this.code = e.code;
    this.retryable = e.retryable;
    this.needsLogin = e.needsLogin;
    if (e.hint !== undefined) this.hint = e.hint;
    if (e.detail !== undefined) this.detail = e.detail;
  }

  static of(e: EngineError): EngineFailure {
    return e instanceof EngineFailure ? e : new EngineFailure(e);
  }

  toJSON(): EngineError {
    return plainEngineError(this);
  }
}

export function failure(
  code: EngineErrorCode,
  message: string,
  extra: Parameters<typeof engineError>[2] = {},
): EngineFailure {
  return new EngineFailure(engineError(code, message, extra));
}

/** A plain EngineError object (no prototype, no stack), safe for IPC and JSON. */
export function plainEngineError(e: EngineError): EngineError {
  return {
    code: e.code,
    message: e.message,
    retryable: e.retryable,
    needsLogin: e.needsLogin,
    ...(e.hint !== undefined ? { hint: e.hint } : {}),
    ...(e.detail !== undefined ? { detail: e.detail } : {}),
  };
}
