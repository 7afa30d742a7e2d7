/**
 * architecture §9.2: the simulator may reuse the engine's codec (protocol, mux) and ports, never its
 * behaviour (session, tunnel, channel, transport) — otherwise a symmetric bug would go unnoticed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../../electron/simulator/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('simulator layering', () => {
  it('imports from the engine only protocol, mux and ports', () => {
    const offenders: string[] = [];
    for (const f of files(root)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/from '([^']+)'/g)) {
        const spec = m[1]!;
        const engine = /\/engine\/([^/]+)\//.exec(spec);
        if (engine !== null && !['protocol', 'mux', 'ports'].includes(engine[1]!))
          offenders.push(`${relative(root, f)} → ${spec}`);
        if (spec === 'electron' || spec.includes('/renderer/'))
          offenders.push(`${relative(root, f)} → ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
