/**
 * Layer rule (architecture §9.2), checked a third way after tsconfig and ESLint: walk the import graph
 * from every file of the Electron-free layers and fail on any path that reaches 'electron' or
 * electron/shell, including through re-exports and barrels (the trap lint configs miss).
 */
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const ELECTRON_FREE = ['electron/engine', 'electron/simulator', 'electron/cli', 'shared', 'renderer'];

const IMPORT_PATTERNS = [
  /^\s*(?:import|export)\s[^;]*?\bfrom\s*['"]([^'"]+)['"]/gm, // import x from '…' / export * from '…'
  /^\s*import\s*['"]([^'"]+)['"]/gm, // side-effect import
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, // dynamic import
  /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
];

async function sourceFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...(await sourceFiles(p)));
    } else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(p);
    }
  }
  return out;
}

function specifiers(text: string): string[] {
  return IMPORT_PATTERNS.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]!));
}

/** NodeNext style: './x.js' is './x.ts' (or .tsx) in source; also allow extension-less and index files. */
function resolveRelative(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const stem = base.replace(/\.(js|jsx|mjs)$/, '');
  const candidates = [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${stem}.mts`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ];
  return candidates.find((c) => existsSync(c) && !c.endsWith('/'));
}

/**
 * For every file under `roots`, the first import chain that reaches electron or electron/shell (one
 * string per offending file). Depth-first with memoised results; cycles are cut.
 */
export async function findElectronPaths(root: string, roots: readonly string[]): Promise<string[]> {
  const shellDir = join(root, 'electron', 'shell') + '/';
  const memo = new Map<string, string[] | null>();
  const visiting = new Set<string>();
  const reach = async (file: string): Promise<string[] | null> => {
    const known = memo.get(file);
    if (known !== undefined) return known;
    if (visiting.has(file)) return null;
    visiting.add(file);
    let found: string[] | null = null;
    if (file.startsWith(shellDir)) found = [relative(root, file)];
    else {
      for (const spec of specifiers(await readFile(file, 'utf8'))) {
        if (spec === 'electron' || spec.startsWith('electron/')) found = [relative(root, file), `'${spec}'`];
        else if (spec.startsWith('.')) {
          const next = resolveRelative(file, spec);
          const tail = next === undefined ? null : await reach(next);
          if (tail !== null) found = [relative(root, file), ...tail];
        }
        if (found !== null) break;
      }
    }
    visiting.delete(file);
    memo.set(file, found);
    return found;
  };
  const violations: string[] = [];
  for (const r of roots) {
    for (const f of await sourceFiles(join(root, r))) {
      const chain = await reach(f);
      if (chain !== null) violations.push(chain.join(' → '));
    }
  }
  return violations;
}

describe('layers', () => {
  it('nothing in engine, simulator, cli, shared or renderer reaches electron or electron/shell', async () => {
    const violations = await findElectronPaths(ROOT, ELECTRON_FREE);
    expect(violations).toEqual([]);
  });

  it('the walker finds a path through a barrel re-export, a dynamic import and a type import', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bl-layers-'));
    try {
      await mkdir(join(root, 'electron/engine/a'), { recursive: true });
      await mkdir(join(root, 'electron/shell'), { recursive: true });
      await mkdir(join(root, 'renderer'), { recursive: true });
      await writeFile(join(root, 'electron/engine/a/index.ts'), "export * from './b.js';\n");
      await writeFile(join(root, 'electron/engine/a/b.ts'), "export { x } from '../../shell/tray.js';\n");
      await writeFile(
        join(root, 'electron/shell/tray.ts'),
        "import { Tray } from 'electron';\nexport const x = Tray;\n",
      );
      await writeFile(
        join(root, 'renderer/ok.ts'),
        "// a comment: import { app } from 'electron'\nconst m = await import('./late.js');\nexport { m };\n",
      );
      await writeFile(
        join(root, 'renderer/late.ts'),
        "import type { App } from 'electron';\nexport type A = App;\n",
      );
      const v = await findElectronPaths(root, ['electron/engine', 'renderer']);
      expect(v.sort()).toEqual(
        [
          'electron/engine/a/b.ts → electron/shell/tray.ts',
          'electron/engine/a/index.ts → electron/engine/a/b.ts → electron/shell/tray.ts',
          "renderer/late.ts → 'electron'",
          "renderer/ok.ts → renderer/late.ts → 'electron'",
        ].sort(),
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
