/**
 * Supply chain (issue "Reliability and security"): production dependencies have no high or critical
 * advisories, and every dependency is pinned — exact versions in package.json, a lockfile that
 * records exactly those versions. The audit needs the registry's advisory endpoint; when it is
 * unreachable (offline, or a mirror without it) the test is SKIPPED with the reason — never passed
 * as if audited.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
interface LockFile {
  lockfileVersion: number;
  packages: Record<
    string,
    { version?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }
  >;
}

const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as PackageJson;
/** Exact semver: no ranges (^ ~ > < * x), tags, URLs or workspaces. */
const EXACT = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

describe('dependencies are pinned by the lockfile', () => {
  const all = { ...pkg.dependencies, ...pkg.devDependencies };

  it('every dependency in package.json is an exact version', () => {
    const loose = Object.entries(all).filter(([, v]) => !EXACT.test(v));
    expect(loose).toEqual([]);
    expect(Object.keys(all).length).toBeGreaterThan(0);
  });

  it('package-lock.json exists and records exactly those versions', () => {
    expect(existsSync(`${root}package-lock.json`)).toBe(true);
    const lock = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8')) as LockFile;
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(2);
    const top = lock.packages[''];
    expect(top?.dependencies ?? {}).toEqual(pkg.dependencies ?? {});
    expect(top?.devDependencies ?? {}).toEqual(pkg.devDependencies ?? {});
    const mismatched = Object.entries(all).filter(
      ([name, v]) => lock.packages[`node_modules/${name}`]?.version !== v,
    );
    expect(mismatched).toEqual([]);
  });
});

interface AuditJson {
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { severity: string; isDirect: boolean; via: unknown[] }>;
  error?: { code?: string; summary?: string };
  message?: string;
  statusCode?: number;
}

function runAudit(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['audit', '--omit=dev', '--audit-level=high', '--json'],
      { cwd: root, timeout: 90_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('npm audit (production dependencies)', () => {
  it('has no high or critical findings', { timeout: 120_000 }, async (ctx) => {
    const r = await runAudit();
    let report: AuditJson;
    try {
      report = JSON.parse(r.stdout) as AuditJson;
    } catch {
      ctx.skip(`npm audit produced no JSON (exit ${r.code}): ${r.stderr.trim().split('\n')[0] ?? ''}`);
      return;
    }
    if (report.metadata?.vulnerabilities === undefined) {
      // No report: the advisory endpoint failed (e.g. 405 from a read-only registry mirror).
      ctx.skip(
        `audit endpoint unreachable, NOT audited: ${report.message ?? report.error?.summary ?? `exit ${r.code}`}`,
      );
      return;
    }
    const v = report.metadata.vulnerabilities;
    const findings = Object.entries(report.vulnerabilities ?? {})
      .filter(([, x]) => x.severity === 'high' || x.severity === 'critical')
      .map(([name, x]) => `${name} (${x.severity})`);
    expect(findings).toEqual([]);
    expect((v['high'] ?? 0) + (v['critical'] ?? 0)).toBe(0);
  });
});
