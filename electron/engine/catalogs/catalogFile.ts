/**
 * Catalog subscriptions and their cached profiles in `catalogs.json` in the app data dir:
 *
 *   { "schemaVersion": 1, "catalogs": [ { "id", "name", "source", "refreshMinutes",
 *     "lastRefreshedAt"?, "lastError"?, "issues", "profiles": [ …the last good content… ] } ] }
 *
 * The cache is what makes catalog profiles usable offline and what a failed refresh falls back to.
 * Written atomically with mode 0600 (writeFileAtomic). A file that does not parse is never
 * overwritten in place without a copy: it is copied to `catalogs.<time>.corrupt.json` first and the
 * problem is reported in loadIssues; records that do not validate are dropped and reported the same way.
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Catalog, FieldIssue } from '../../../shared/contract/api.js';
import { Profile } from '../../../shared/model/profile.js';
import { writeFileAtomic } from '../profiles/atomicWrite.js';

export const CATALOGS_FILE = 'catalogs.json';
export const CATALOG_SCHEMA_VERSION = 1;

export const CatalogRecord = Catalog.pick({
  id: true,
  name: true,
  source: true,
  refreshMinutes: true,
  lastRefreshedAt: true,
  lastError: true,
}).extend({
  /** Wall time of the last attempt, good or bad (schedules the next one). */
  lastAttemptAt: z.number().optional(),
  issues: z.array(FieldIssue).default([]),
  profiles: z.array(Profile).default([]),
  /** Auto ports the tunnels of this catalog's profiles got (profile id → port), kept across refreshes. */
  rememberedPorts: z.record(z.string(), z.number().int().min(1).max(65535)).default({}),
});
export type CatalogRecord = z.infer<typeof CatalogRecord>;

export interface CatalogLoad {
  readonly records: CatalogRecord[];
  readonly issues: string[];
}

function backup(path: string, kind: 'corrupt' | 'partial', now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const to = join(path, '..', `catalogs.${stamp}.${kind}.json`);
  copyFileSync(path, to);
  return to;
}

export function loadCatalogs(dataDir: string, now: number): CatalogLoad {
  const path = join(dataDir, CATALOGS_FILE);
  if (!existsSync(path)) return { records: [], issues: [] };
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const kept = backup(path, 'corrupt', now);
    return {
      records: [],
      issues: [`${path} is not valid JSON (${(e as Error).message}); kept a copy at ${kept}`],
    };
  }
  const raw = (doc as { catalogs?: unknown } | null)?.catalogs;
  const list: unknown[] = Array.isArray(raw) ? raw : [];
  const records: CatalogRecord[] = [];
  const issues: string[] = [];
  list.forEach((entry, i) => {
    const r = CatalogRecord.safeParse(entry);
    if (r.success) records.push(r.data);
    else issues.push(`catalog #${i + 1} in ${path} was skipped: ${r.error.issues[0]?.message ?? 'invalid'}`);
  });
  if (!Array.isArray(raw)) issues.push(`${path} has no "catalogs" list`);
  if (issues.length > 0) issues.push(`kept a copy of the original at ${backup(path, 'partial', now)}`);
  return { records, issues };
}

export function saveCatalogs(dataDir: string, records: readonly CatalogRecord[]): void {
  writeFileAtomic(
    join(dataDir, CATALOGS_FILE),
    `${JSON.stringify({ schemaVersion: CATALOG_SCHEMA_VERSION, catalogs: records }, null, 2)}\n`,
  );
}
