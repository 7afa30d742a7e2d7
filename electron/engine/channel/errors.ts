import type { EngineError } from '../../../shared/contract/errors.js';

/** Thrown by any call on a channel or mux session after it failed fatally or closed (poisoned). */
export class PoisonedError extends Error {
  override readonly name = 'PoisonedError';
  constructor(
    readonly component: string,
    readonly error: EngineError,
  ) {
    super(`${component} is unusable after ${error.code}: ${error.message}`);
  }
}
