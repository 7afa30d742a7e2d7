import type { EngineError } from './errors.js';

/** The envelope every contract call resolves to; a thrown Error never crosses a process boundary. */
export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: EngineError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = <T = never>(error: EngineError): Result<T> => ({ ok: false, error });
