/**
 * Transport-free dispatch: (method name, unknown input) → validated call → Result. Never throws.
 * The same function serves Electron IPC and the browser-mode WebSocket.
 */
import { engineApi, isMethodName, type MethodName } from '../../../shared/contract/api.js';
import { engineError } from '../../../shared/contract/errors.js';
import type { Result } from '../../../shared/contract/result.js';
import { plainEngineError } from '../aws/engineFailure.js';
import { toEngineError } from '../aws/awsErrors.js';
import type { HandlerTable } from './handlers.js';

const PROFILE_METHODS: ReadonlySet<string> = new Set(['profiles.save', 'profiles.import']);

export async function dispatch(
  table: HandlerTable,
  method: string,
  input: unknown,
): Promise<Result<unknown>> {
  if (!isMethodName(method))
    return {
      ok: false,
      error: engineError('INVALID_ARGUMENT', `unknown method ${JSON.stringify(String(method).slice(0, 64))}`),
    };
  const m: MethodName = method;
  const parsed = engineApi[m].input.safeParse(input ?? {});
  if (!parsed.success) {
    const detail = Object.fromEntries(
      parsed.error.issues.slice(0, 20).map((i) => [i.path.map(String).join('.') || '(input)', i.message]),
    );
    return {
      ok: false,
      error: engineError(
        PROFILE_METHODS.has(m) ? 'PROFILE_INVALID' : 'INVALID_ARGUMENT',
        // The first problem in the message itself: a CLI user or a log reader sees what to fix.
        `invalid input for ${m}: ${Object.entries(detail)
          .slice(0, 1)
          .map(([path, message]) => `${path}: ${message}`)
          .join('')}`,
        { detail },
      ),
    };
  }
  try {
    const handler = table[m] as (i: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value: value === undefined ? null : value };
  } catch (e) {
    return { ok: false, error: plainEngineError(toEngineError(e, m)) };
  }
}
