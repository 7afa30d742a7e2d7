import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENGINE_MODULE, loadEngineFactory } from '../../../../electron/shell/engineLoader.js';
import { FakeEngine } from './fakeEngine.js';

const input = {
  dataDir: '/tmp/x',
  env: {},
  launcher: {
    openUrl: () => Promise.reject(new Error()),
    copyText: () => ({ ok: true as const, value: null }),
  },
};

describe('engine loader', () => {
  it('imports the engine composition root and returns its factory', async () => {
    const engine = new FakeEngine();
    const seen: unknown[] = [];
    const create = await loadEngineFactory((spec) => {
      expect(spec).toBe(ENGINE_MODULE);
      return Promise.resolve({
        createEngine: (i: unknown) => {
          seen.push(i);
          return engine;
        },
      });
    });
    await expect(create(input)).resolves.toBe(engine);
    expect(seen).toEqual([input]);
  });

  it('fails loudly when the module is missing, has no createEngine, or builds something else', async () => {
    await expect(loadEngineFactory(() => Promise.reject(new Error('Cannot find module')))).rejects.toThrow(
      /not loadable.*Cannot find module/,
    );
    await expect(loadEngineFactory(() => Promise.resolve({}))).rejects.toThrow(
      /does not export createEngine/,
    );
    const bad = await loadEngineFactory(() => Promise.resolve({ createEngine: () => ({ call() {} }) }));
    await expect(bad(input)).rejects.toThrow(/did not return an engine/);
  });

  // The real composition root is another issue's file; once it exists, the loader must find it.
  const real = 'electron/engine/api/engine.ts';
  it.skipIf(!existsSync(real))('the real engine module exports createEngine', async () => {
    const create = await loadEngineFactory(
      (spec) => import(/* @vite-ignore */ `../../../../electron/shell/${spec}`),
    );
    expect(typeof create).toBe('function');
  });
});
