/**
 * The portable profiles document, `{ version: 1, profiles: [...] }` in JSON or YAML, for sharing
 * profiles between people and machines. Pure: no store, no disk.
 *
 * Export leaves out what belongs to one machine or store: `id` (the importer assigns new ones),
 * `source` (catalog profiles become personal copies) and `bind.rememberedPort`. Profiles hold no
 * secrets by schema, so nothing else needs scrubbing.
 *
 * Import checks each entry on its own, so one bad entry does not stop the others; issue paths name
 * the entry (`profiles[2].remotePort`), syntax errors name the line and column (`document`).
 */
import { parse as parseYaml, stringify as stringifyYaml, YAMLParseError } from 'yaml';
import type { FieldIssue } from '../../../shared/contract/api.js';
import { ProfileInput, type Profile } from '../../../shared/model/profile.js';
import { lineColumn } from './profileStore.js';

export const EXPORT_VERSION = 1;
export type TransferFormat = 'json' | 'yaml';

type Portable = Omit<Profile, 'id' | 'source'>;

function portable(p: Profile): Portable {
  const { id: _id, source: _source, bind, ...rest } = p;
  const { rememberedPort: _remembered, ...keptBind } = bind;
  return { ...rest, bind: keptBind };
}

export function exportProfiles(profiles: readonly Profile[], format: TransferFormat): string {
  const doc = { version: EXPORT_VERSION, profiles: profiles.map(portable) };
  return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : stringifyYaml(doc);
}

/** "line L, column C" for a syntax error, when the parser tells us where. */
function syntaxIssue(text: string, format: TransferFormat, e: unknown): FieldIssue {
  const kind = format.toUpperCase();
  if (e instanceof YAMLParseError) {
    const at = e.linePos?.[0];
    const first = e.message.split('\n')[0] ?? e.message;
    const where = at ? `line ${at.line}, column ${at.col}: ` : '';
    return { path: 'document', message: `cannot parse the ${kind} document: ${where}${first}` };
  }
  const message = e instanceof Error ? e.message : String(e);
  const pos = /at position (\d+)/.exec(message);
  let where = '';
  if (pos) {
    const { line, column } = lineColumn(text, Number(pos[1]));
    where = `line ${line}, column ${column}: `;
  } else {
    // Some V8 messages carry no position; JSON is YAML, and the YAML parser reports one.
    try {
      parseYaml(text);
    } catch (y) {
      const at = y instanceof YAMLParseError ? y.linePos?.[0] : undefined;
      if (at) where = `line ${at.line}, column ${at.col}: `;
    }
  }
  return { path: 'document', message: `cannot parse the ${kind} document: ${where}${message}` };
}

export function parseImport(
  text: string,
  format: TransferFormat,
): { profiles: ProfileInput[]; issues: FieldIssue[] } {
  const { entries, issues } = parseEntries(text, format);
  return { profiles: entries.map((e) => e.input), issues };
}

interface Entry {
  readonly index: number;
  readonly input: ProfileInput;
}

function parseEntries(text: string, format: TransferFormat): { entries: Entry[]; issues: FieldIssue[] } {
  let doc: unknown;
  try {
    doc = format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    return { entries: [], issues: [syntaxIssue(text, format, e)] };
  }
  const entries: unknown = Array.isArray(doc)
    ? doc
    : typeof doc === 'object' && doc !== null
      ? (doc as Record<string, unknown>)['profiles']
      : undefined;
  if (!Array.isArray(entries))
    return {
      entries: [],
      issues: [{ path: 'document', message: 'expected a list of profiles or { profiles: [...] }' }],
    };
  const accepted: Entry[] = [];
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  entries.forEach((entry: unknown, i) => {
    const fresh =
      typeof entry === 'object' && entry !== null && !Array.isArray(entry)
        ? Object.fromEntries(Object.entries(entry).filter(([k]) => k !== 'id' && k !== 'source'))
        : entry;
    const parsed = ProfileInput.safeParse(fresh);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push({
          path: [`profiles[${i}]`, ...issue.path.map(String)].join('.'),
          message: issue.message,
        });
      return;
    }
    const key = parsed.data.name.toLowerCase();
    if (seen.has(key)) {
      issues.push({
        path: `profiles[${i}].name`,
        message: `"${parsed.data.name}" appears more than once in the document`,
      });
      return;
    }
    seen.add(key);
    accepted.push({ index: i, input: fresh as ProfileInput });
  });
  return { entries: accepted, issues };
}

/** Saves what parseImport accepted; the store's own checks (duplicate names, port clashes) add issues. */
export function importInto(
  store: {
    validate(input: unknown): FieldIssue[];
    save(input: unknown): Profile;
  },
  text: string,
  format: TransferFormat,
): { imported: number; issues: FieldIssue[] } {
  const { entries, issues } = parseEntries(text, format);
  let imported = 0;
  for (const { index, input } of entries) {
    const found = store.validate(input);
    if (found.length > 0) {
      for (const f of found) issues.push({ path: `profiles[${index}].${f.path}`, message: f.message });
      continue;
    }
    store.save(input);
    imported += 1;
  }
  return { imported, issues };
}
