/**
 * Finds the engine's composition root (electron/engine/api/engine.ts: `createEngine`) for main.ts and
 * checks at run time that what it builds is a ShellEngine (call, subscribe, close). Loaded lazily so
 * the window's protocol and the single-instance lock are set up before the engine's dependencies load.
 */
import type { EngineFactoryInput, ShellEngine } from './shellApp.js';

export const ENGINE_MODULE = '../engine/api/engine.js';

type Importer = (specifier: string) => Promise<unknown>;

function isShellEngine(value: unknown): value is ShellEngine {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['call'] === 'function' &&
    typeof v['subscribe'] === 'function' &&
    typeof v['close'] === 'function'
  );
}

export async function loadEngineFactory(
  importer: Importer = (s) => import(s),
): Promise<(input: EngineFactoryInput) => Promise<ShellEngine>> {
  let mod: unknown;
  try {
    mod = await importer(ENGINE_MODULE);
  } catch (e: unknown) {
    throw new Error(
      `engine composition root not loadable (${ENGINE_MODULE}): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const create = (mod as { createEngine?: unknown } | null)?.createEngine;
  if (typeof create !== 'function') throw new Error(`${ENGINE_MODULE} does not export createEngine()`);
  return async (input) => {
    const engine: unknown = await (create as (i: EngineFactoryInput) => unknown)(input);
    if (!isShellEngine(engine))
      throw new Error('createEngine() did not return an engine (call, subscribe, close)');
    return engine;
  };
}
