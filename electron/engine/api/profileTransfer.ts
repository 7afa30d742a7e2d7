/**
 * profiles.import / profiles.export: a portable document `{ version: 1, profiles: [...] }` in JSON or
 * YAML. Export drops `source` (catalog profiles become personal copies in the importer's store);
 * import drops `id` (every imported profile is new) and validates each entry on its own, so one bad
 * entry does not stop the others. Issue paths are prefixed `profiles[i].`.
 */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { FieldIssue } from '../../../shared/contract/api.js';
import { failure } from '../aws/engineFailure.js';
import type { ProfileStore } from '../profiles/profileStore.js';

export const EXPORT_VERSION = 1;

export function exportProfiles(
  store: ProfileStore,
  format: 'json' | 'yaml',
  ids?: string[],
): { text: string } {
  const wanted = ids ? new Set(ids) : undefined;
  const profiles = store
    .list()
    .filter((p) => !wanted || wanted.has(p.id))
    .map(({ source: _source, ...rest }) => rest);
  const doc = { version: EXPORT_VERSION, profiles };
  return { text: format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : stringifyYaml(doc) };
}

export function importProfiles(
  store: ProfileStore,
  format: 'json' | 'yaml',
  text: string,
): { imported: number; issues: FieldIssue[] } {
  let doc: unknown;
  try {
    doc = format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw failure(
      'PROFILE_INVALID',
      `cannot parse the ${format.toUpperCase()} document: ${(e as Error).message}`,
    );
  }
  const entries: unknown = Array.isArray(doc)
    ? doc
    : typeof doc === 'object' && doc !== null
      ? (doc as Record<string, unknown>)['profiles']
      : undefined;
  if (!Array.isArray(entries))
    throw failure('PROFILE_INVALID', 'expected a list of profiles or { profiles: [...] }');
  const issues: FieldIssue[] = [];
  let imported = 0;
  entries.forEach((entry: unknown, i) => {
    const fresh =
      typeof entry === 'object' && entry !== null
        ? Object.fromEntries(Object.entries(entry).filter(([k]) => k !== 'id' && k !== 'source'))
        : entry;
    const found = store.validate(fresh);
    if (found.length > 0) {
      for (const f of found) issues.push({ path: `profiles[${i}].${f.path}`, message: f.message });
      return;
    }
    store.save(fresh);
    imported += 1;
  });
  return { imported, issues };
}
