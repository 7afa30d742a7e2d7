/**
 * Turns what a catalog source returned into read-only profiles. Pure: no disk, no network.
 *
 * Two shapes (README "Team catalogs"):
 * - `document` (file, URL): the portable profiles document of importExport.ts, JSON or YAML;
 * - `profile` (Parameter Store): each parameter holds ONE profile object, JSON or YAML.
 * Both go through importExport's parser, so validation and messages match `profiles import`.
 * Entries that fail are reported as issues naming where they came from; the rest are kept, after
 * catalogPolicy.ts has taken out what a catalog may not do (run programs, listen beyond loopback).
 */
import { parse as parseYaml } from 'yaml';
import type { FieldIssue } from '../../../shared/contract/api.js';
import { Profile } from '../../../shared/model/profile.js';
import { parseImport, type TransferFormat } from '../profiles/importExport.js';
import { catalogProfileId, catalogSource } from './catalogIds.js';
import { applyCatalogPolicy } from './catalogPolicy.js';

export interface SourceEntry {
  /** Where the text came from (parameter name, file path, URL): issue paths start with it. */
  readonly origin: string;
  readonly text: string;
  readonly shape: 'profile' | 'document';
  /** Known from a file extension or Content-Type; otherwise sniffed. */
  readonly format?: TransferFormat | undefined;
}

export interface CatalogContent {
  readonly profiles: Profile[];
  readonly issues: FieldIssue[];
}

/** JSON starts with `{` or `[`; anything else is read as YAML. */
export function sniffFormat(text: string): TransferFormat {
  return /^\s*[[{]/.test(text) ? 'json' : 'yaml';
}

function relabel(issues: FieldIssue[], origin: string, single: boolean): FieldIssue[] {
  return issues.map((i) => {
    const path = i.path === 'document' ? '' : single ? i.path.replace(/^profiles\[0\]\.?/, '') : i.path;
    return { path: path ? `${origin}:${path}` : origin, message: i.message };
  });
}

function parseEntry(entry: SourceEntry): { inputs: { key: string; input: unknown }[]; issues: FieldIssue[] } {
  const format = entry.format ?? sniffFormat(entry.text);
  if (entry.shape === 'document') {
    const r = parseImport(entry.text, format);
    return {
      inputs: r.profiles.map((input) => ({ key: input.name.toLowerCase(), input })),
      issues: relabel(r.issues, entry.origin, false),
    };
  }
  let doc: unknown;
  try {
    doc = format === 'json' ? JSON.parse(entry.text) : parseYaml(entry.text);
  } catch {
    // importExport words syntax errors with line and column; reuse it for the message.
    return { inputs: [], issues: relabel(parseImport(entry.text, format).issues, entry.origin, true) };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return {
      inputs: [],
      issues: [{ path: entry.origin, message: 'expected one profile (an object with name, target, …)' }],
    };
  const r = parseImport(JSON.stringify([doc]), 'json');
  return {
    inputs: r.profiles.map((input) => ({ key: entry.origin, input })),
    issues: relabel(r.issues, entry.origin, true),
  };
}

export function parseCatalogContent(catalogId: string, entries: readonly SourceEntry[]): CatalogContent {
  const profiles: Profile[] = [];
  const issues: FieldIssue[] = [];
  const names = new Map<string, string>();
  for (const entry of entries) {
    const r = parseEntry(entry);
    issues.push(...r.issues);
    for (const { key, input } of r.inputs) {
      const checked = applyCatalogPolicy(
        Profile.parse({
          ...(input as object),
          id: catalogProfileId(catalogId, key),
          source: catalogSource(catalogId),
        }),
        entry.origin,
      );
      const profile = checked.profile;
      const lower = profile.name.toLowerCase();
      const first = names.get(lower);
      if (first !== undefined) {
        issues.push({
          path: `${entry.origin}:name`,
          message: `"${profile.name}" is already defined by ${first}; this one was skipped`,
        });
        continue;
      }
      names.set(lower, entry.origin);
      issues.push(...checked.issues);
      profiles.push(profile);
    }
  }
  return { profiles, issues };
}
