/**
 * Saved profiles in one human-readable JSON file (`profiles.json` in the app data dir):
 *
 *   { "schemaVersion": 1, "profiles": [ { "id": …, "name": …, … } ] }
 *
 * JSON, not YAML: every platform's editors and diff tools read it, and JSON.parse gives an exact
 * position for errors. Written atomically with mode 0600. A file that does not parse is never
 * overwritten: it is copied to `profiles.<time>.corrupt.json`, the error names its line and column,
 * and the store starts with what it could read (valid profiles kept, invalid ones reported).
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FieldIssue } from '../../../shared/contract/api.js';
import { Profile, ProfileInput } from '../../../shared/model/profile.js';
import { failure } from '../aws/engineFailure.js';
import { writeFileAtomic } from './atomicWrite.js';

export const PROFILE_SCHEMA_VERSION = 1;
export const PROFILES_FILE = 'profiles.json';

export interface LoadIssue {
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  readonly backupPath?: string;
}

/** Position → 1-based line and column (JSON.parse reports a character offset). */
export function lineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}

/** Older files: schema 0 was a bare array of profiles. */
function migrate(doc: unknown): { version: number; profiles: unknown[] } {
  if (Array.isArray(doc)) return { version: 0, profiles: doc };
  if (typeof doc === 'object' && doc !== null) {
    const d = doc as Record<string, unknown>;
    const version = typeof d['schemaVersion'] === 'number' ? d['schemaVersion'] : 0;
    if (version > PROFILE_SCHEMA_VERSION)
      throw failure(
        'PROFILE_FILE_CORRUPT',
        `profiles file has schema ${version}, newer than this app understands (${PROFILE_SCHEMA_VERSION})`,
        {
          hint: 'Update Bastionless; the file was left untouched.',
        },
      );
    return { version, profiles: Array.isArray(d['profiles']) ? d['profiles'] : [] };
  }
  return { version: 0, profiles: [] };
}

function issuesOf(
  error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] },
  prefix = '',
): FieldIssue[] {
  return error.issues.map((i) => ({ path: prefix + i.path.map(String).join('.'), message: i.message }));
}

export class ProfileStore {
  private profiles: Profile[] = [];
  private readonly listeners = new Set<(profiles: Profile[]) => void>();
  readonly loadIssues: LoadIssue[] = [];
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, PROFILES_FILE);
    this.load();
  }

  list(): Profile[] {
    return this.profiles.map((p) => ({ ...p }));
  }

  get(id: string): Profile | undefined {
    return this.profiles.find((p) => p.id === id);
  }

  byName(name: string): Profile | undefined {
    return this.profiles.find((p) => p.name === name);
  }

  /** Field issues for a candidate profile: schema, duplicate names, bind address + port clashes. */
  validate(input: unknown): FieldIssue[] {
    const parsed = ProfileInput.safeParse(input);
    if (!parsed.success) return issuesOf(parsed.error);
    const p = parsed.data;
    const issues: FieldIssue[] = [];
    const others = this.profiles.filter((o) => o.id !== p.id);
    if (others.some((o) => o.name.toLowerCase() === p.name.toLowerCase()))
      issues.push({ path: 'name', message: `a profile named "${p.name}" already exists` });
    if (p.bind.port !== 0) {
      const clash = others.find((o) => o.bind.port === p.bind.port && o.bind.address === p.bind.address);
      if (clash)
        issues.push({
          path: 'bind.port',
          message: `${p.bind.address}:${p.bind.port} is already used by "${clash.name}"`,
        });
    }
    if (p.document === 'AWS-StartPortForwardingSessionToRemoteHost' && !p.remoteHost)
      issues.push({ path: 'remoteHost', message: 'remote host is required for the remote-host document' });
    return issues;
  }

  save(input: unknown): Profile {
    const issues = this.validate(input);
    if (issues.length > 0)
      throw failure(
        'PROFILE_INVALID',
        `profile is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        {
          detail: Object.fromEntries(issues.map((i) => [i.path, i.message])),
        },
      );
    const parsed = ProfileInput.parse(input);
    const existing = parsed.id !== undefined ? this.get(parsed.id) : undefined;
    const profile = Profile.parse({
      ...parsed,
      id: parsed.id ?? randomUUID(),
      source: existing?.source ?? 'personal',
    });
    this.profiles = existing
      ? this.profiles.map((p) => (p.id === profile.id ? profile : p))
      : [...this.profiles, profile];
    this.persist();
    return profile;
  }

  delete(id: string): void {
    if (!this.get(id)) throw failure('PROFILE_NOT_FOUND', `no profile with id ${id}`);
    this.profiles = this.profiles.filter((p) => p.id !== id);
    this.persist();
  }

  /** Remembers the port an auto-port profile got, so it keeps the same one next time. */
  rememberPort(id: string, port: number): void {
    const p = this.get(id);
    if (!p || p.bind.port !== 0 || p.bind.rememberedPort === port) return;
    this.profiles = this.profiles.map((o) =>
      o.id === id ? { ...o, bind: { ...o.bind, rememberedPort: port } } : o,
    );
    this.persist();
  }

  onChange(listener: (profiles: Profile[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private persist(): void {
    writeFileAtomic(
      this.path,
      `${JSON.stringify({ schemaVersion: PROFILE_SCHEMA_VERSION, profiles: this.profiles }, null, 2)}\n`,
    );
    const copy = this.list();
    for (const l of [...this.listeners]) l(copy);
  }

  private load(): void {
    if (!existsSync(this.path)) return;
    const text = readFileSync(this.path, 'utf8');
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      const m = /position (\d+)/.exec((e as Error).message);
      const at = m ? lineColumn(text, Number(m[1])) : undefined;
      const backupPath = join(
        this.path,
        '..',
        `profiles.${new Date().toISOString().replace(/[:.]/g, '-')}.corrupt.json`,
      );
      copyFileSync(this.path, backupPath);
      this.loadIssues.push({
        message: `${this.path} is not valid JSON${at ? ` (line ${at.line}, column ${at.column})` : ''}: ${(e as Error).message}; kept a copy at ${backupPath}`,
        ...(at ?? {}),
        backupPath,
      });
      return;
    }
    const { profiles } = migrate(doc);
    profiles.forEach((raw, index) => {
      const r = Profile.safeParse(raw);
      if (r.success) this.profiles.push(r.data);
      else {
        const name =
          typeof raw === 'object' && raw !== null && 'name' in raw && typeof raw.name === 'string'
            ? raw.name
            : `#${index + 1}`;
        this.loadIssues.push({
          message: `profile ${name} was skipped: ${issuesOf(r.error)
            .map((i) => `${i.path}: ${i.message}`)
            .join('; ')}`,
        });
      }
    });
    // Keep what could not be read: never lose it on the next save.
    if (this.loadIssues.length > 0) {
      const backupPath = join(
        this.path,
        '..',
        `profiles.${new Date().toISOString().replace(/[:.]/g, '-')}.partial.json`,
      );
      copyFileSync(this.path, backupPath);
    }
  }
}
