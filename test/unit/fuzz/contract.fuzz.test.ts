/**
 * Property-based fuzzing of everything that accepts requests from a renderer or a browser page:
 * the contract's input schemas (shared/contract/api.ts), the engine's transport-free dispatch
 * (engine/api/dispatch.ts) and the Electron IPC handler (shell/ipcTransport.ts). Arbitrary JSON must
 * either parse or be rejected as data (zod issues; a Result with INVALID_ARGUMENT / PROFILE_INVALID /
 * UNAUTHORIZED), never throw, and a rejected call must never reach the engine.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { engineApi, METHOD_NAMES, type MethodName } from '../../../shared/contract/api.js';
import { methodChannel, SUBSCRIBE_CHANNEL } from '../../../shared/contract/channels.js';
import { ENGINE_ERROR_CODES } from '../../../shared/contract/errors.js';
import type { EventName, EventPayload } from '../../../shared/contract/events.js';
import type { Result } from '../../../shared/contract/result.js';
import { dispatch } from '../../../electron/engine/api/dispatch.js';
import type { EngineHost } from '../../../electron/engine/api/engineHost.js';
import type { HandlerTable } from '../../../electron/engine/api/handlers.js';
import { registerIpc, type IpcEventLike, type IpcMainLike } from '../../../electron/shell/ipcTransport.js';
import { fuzzParams } from './runs.js';

const methodArb = fc.constantFrom(...METHOD_NAMES);
/** Arbitrary JSON plus values JSON cannot carry but a structured-clone bridge can. */
const inputArb = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: fc.object({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      undefined,
      null,
      Number.NaN,
      Infinity,
      -0,
      10n,
      new Date(0),
      [],
      { __proto__: { profileId: 'x' } },
      JSON.parse('{"__proto__":{"polluted":true},"profileId":"a"}'),
      { profileId: 'a'.repeat(100_000) },
      { format: 'json', text: 'x'.repeat(5_000_001) },
    ),
  },
);

const KNOWN_CODES: ReadonlySet<string> = new Set(ENGINE_ERROR_CODES);

describe('fuzz: contract input schemas', () => {
  it('every method input schema either parses or rejects with zod issues, never throws otherwise', () => {
    fc.assert(
      fc.property(methodArb, inputArb, (method, input) => {
        let r: ReturnType<z.ZodType['safeParse']>;
        try {
          r = engineApi[method].input.safeParse(input);
        } catch (e) {
          throw new Error(`${method}: safeParse threw ${String(e)}`);
        }
        if (!r.success) {
          expect(r.error).toBeInstanceOf(z.ZodError);
          expect(r.error.issues.length).toBeGreaterThan(0);
          for (const i of r.error.issues) expect(typeof i.message).toBe('string');
        }
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      fuzzParams(),
    );
  });
});

describe('fuzz: engine dispatch', () => {
  it('never throws; unknown methods and bad input are INVALID_ARGUMENT/PROFILE_INVALID and never reach a handler', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          methodArb.map((m): string => m),
          fc.string(),
          fc.constantFrom('__proto__', 'constructor', 'toString'),
        ),
        inputArb,
        async (method, input) => {
          const reached: string[] = [];
          const table = new Proxy(
            {},
            {
              get: (_t, key) => (): null => {
                reached.push(String(key));
                return null;
              },
            },
          ) as unknown as HandlerTable;
          const r = await dispatch(table, method, input);
          if (r.ok) {
            expect(reached).toEqual([method]);
            return;
          }
          expect(KNOWN_CODES.has(r.error.code)).toBe(true);
          expect(['INVALID_ARGUMENT', 'PROFILE_INVALID']).toContain(r.error.code);
          expect(r.error.message.length).toBeGreaterThan(0);
          expect(r.error.message.length).toBeLessThan(1000);
          expect(reached).toEqual([]);
        },
      ),
      fuzzParams(),
    );
  });
});

/** Minimal IpcMainLike + EngineHost recorders (the real ones live in electron/engine and Electron). */
function ipcRig() {
  const handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain: IpcMainLike = {
    handle: (c, l) => void handlers.set(c, l),
    removeHandler: (c) => void handlers.delete(c),
  };
  const calls: { method: string; input: unknown }[] = [];
  let subscriptions = 0;
  const engine: EngineHost = {
    call(method: string, input: unknown): Promise<Result<unknown>> {
      calls.push({ method, input });
      return Promise.resolve({ ok: true, value: null });
    },
    subscribe<E extends EventName>(_e: E, _l: (p: EventPayload<E>) => void): () => void {
      subscriptions++;
      return () => {
        subscriptions--;
      };
    },
  };
  const TRUSTED = 'app://bastionless/index.html';
  const ipc = registerIpc({ ipcMain, engine, isTrustedUrl: (u) => u === TRUSTED });
  let nextSender = 1;
  const event = (url: string | null): IpcEventLike => ({
    senderFrame: url === null ? null : { url },
    sender: { id: nextSender++, send: () => undefined, isDestroyed: () => false, once: () => undefined },
  });
  return { handlers, calls, ipc, event, TRUSTED, subs: () => subscriptions };
}

describe('fuzz: Electron IPC handler', () => {
  it('resolves every call to a Result; rejected input never reaches the engine', async () => {
    const rig = ipcRig();
    try {
      await fc.assert(
        fc.asyncProperty(
          methodArb,
          inputArb,
          fc.oneof(
            { weight: 3, arbitrary: fc.constant(rig.TRUSTED) },
            { weight: 1, arbitrary: fc.oneof(fc.webUrl(), fc.string(), fc.constant(null)) },
          ),
          async (method: MethodName, input, url) => {
            const before = rig.calls.length;
            const h = rig.handlers.get(methodChannel(method))!;
            const r = (await h(rig.event(url), input)) as Result<unknown>;
            expect(typeof r.ok).toBe('boolean');
            if (url !== rig.TRUSTED) {
              expect(r.ok).toBe(false);
              if (!r.ok) expect(r.error.code).toBe('UNAUTHORIZED');
              expect(rig.calls.length).toBe(before);
              return;
            }
            const valid = engineApi[method].input.safeParse(input).success;
            expect(r.ok).toBe(valid);
            expect(rig.calls.length).toBe(before + (valid ? 1 : 0));
            if (!r.ok) {
              expect(['INVALID_ARGUMENT', 'PROFILE_INVALID']).toContain(r.error.code);
              expect(r.error.message).toContain(`invalid input for ${method}`);
            }
          },
        ),
        fuzzParams(),
      );
    } finally {
      rig.ipc.dispose();
    }
  });

  it('subscribe requests: arbitrary input is rejected as INVALID_ARGUMENT and subscriptions stay bounded', async () => {
    const rig = ipcRig();
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            inputArb,
            fc.record({
              op: fc.constantFrom('subscribe', 'unsubscribe', 'x'),
              event: fc.oneof(fc.constantFrom('engine.update', 'nope'), fc.string()),
              id: fc.oneof(fc.integer(), fc.double(), fc.string()),
            }),
          ),
          async (req) => {
            const r = (await rig.handlers.get(SUBSCRIBE_CHANNEL)!(
              rig.event(rig.TRUSTED),
              req,
            )) as Result<unknown>;
            if (!r.ok) expect(r.error.code).toBe('INVALID_ARGUMENT');
          },
        ),
        fuzzParams(),
      );
    } finally {
      rig.ipc.dispose();
    }
    expect(rig.subs()).toBe(0);
  });
});
