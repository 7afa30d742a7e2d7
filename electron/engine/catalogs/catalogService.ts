/**
 * Team catalogs (issue 6): subscriptions to shared, read-only profile collections.
 *
 * Owns: the subscriptions and their cached profiles (catalogFile.ts), the refresh timers, and the
 * read-only rule for `catalog:` profile ids. Never touches personal profiles except through the
 * store passed to copy(). Lifecycle: construct (loads the file, schedules refreshes when `schedule`
 * is on), use, close() (clears timers; a refresh in flight finishes but schedules nothing).
 *
 * A refresh that fails keeps the last good profiles and records lastError; one that succeeds
 * replaces them whole (a profile removed from the catalog disappears). Each catalog refreshes
 * refreshMinutes after its last attempt, measured from the wall clock so a restart keeps the rhythm.
 */
import type { Catalog } from '../../../shared/contract/api.js';
import type { Profile, ProfileInput } from '../../../shared/model/profile.js';
import { toEngineError } from '../aws/awsErrors.js';
import { failure, plainEngineError } from '../aws/engineFailure.js';
import type { Clock, TimerHandle } from '../ports/clock.js';
import { nullLogger, type Logger } from '../ports/logger.js';
import { parseCatalogContent } from './catalogContent.js';
import { catalogIdOfProfile, isCatalogProfileId, newCatalogId } from './catalogIds.js';
import { loadCatalogs, saveCatalogs, type CatalogRecord } from './catalogFile.js';
import { conflictNames, findConflicts } from './conflicts.js';
import { personalCopy } from './copyProfile.js';
import { describeSource, readSource, type CatalogSource, type SourceDeps } from './sources/readSource.js';

const MINUTE_MS = 60_000;

export interface CatalogServiceOptions {
  readonly dataDir: string;
  readonly clock: Clock;
  readonly sources: SourceDeps;
  /** The user's personal profiles, for conflicts. */
  readonly personal: () => Profile[];
  readonly logger?: Logger;
  /** Timers for scheduled refreshes (the engine); off for one-shot CLI commands. */
  readonly schedule?: boolean;
  readonly newId?: (taken: ReadonlySet<string>) => string;
}

export interface NewCatalog {
  readonly name: string;
  readonly source: CatalogSource;
  readonly refreshMinutes: number;
}

export class CatalogService {
  private records: CatalogRecord[];
  private readonly timers = new Map<string, TimerHandle>();
  private readonly inflight = new Map<string, Promise<Catalog>>();
  private readonly listeners = new Set<() => void>();
  private readonly logger: Logger;
  private closed = false;
  readonly loadIssues: string[];

  constructor(private readonly o: CatalogServiceOptions) {
    this.logger = o.logger ?? nullLogger;
    const loaded = loadCatalogs(o.dataDir, o.clock.now());
    this.records = loaded.records;
    this.loadIssues = loaded.issues;
    if (o.schedule === true) for (const r of this.records) this.scheduleNext(r);
  }

  list(): Catalog[] {
    return this.records.map((r) => this.view(r));
  }

  get(id: string): Catalog | undefined {
    const r = this.record(id);
    return r ? this.view(r) : undefined;
  }

  /** By id, or by name ignoring case (the CLI names catalogs). */
  find(idOrName: string): Catalog | undefined {
    const r =
      this.record(idOrName) ?? this.records.find((c) => c.name.toLowerCase() === idOrName.toLowerCase());
    return r ? this.view(r) : undefined;
  }

  /** Every catalog's cached profiles (read-only, `source: catalog:<id>`). */
  profiles(): Profile[] {
    return this.records.flatMap((r) => r.profiles.map((p) => withPort(p, r)));
  }

  profile(profileId: string): Profile | undefined {
    const r = this.record(catalogIdOfProfile(profileId) ?? '');
    const p = r?.profiles.find((x) => x.id === profileId);
    return r && p ? withPort(p, r) : undefined;
  }

  /** The auto port a catalog profile's tunnel got, so it keeps it next time (like personal profiles). */
  rememberPort(profileId: string, port: number): void {
    const r = this.record(catalogIdOfProfile(profileId) ?? '');
    if (!r || r.rememberedPorts[profileId] === port || !r.profiles.some((p) => p.id === profileId)) return;
    const next = { ...r, rememberedPorts: { ...r.rememberedPorts, [profileId]: port } };
    this.records = this.records.map((x) => (x.id === r.id ? next : x));
    this.persist();
  }

  /** Throws INVALID_ARGUMENT (detail.readOnly) for a catalog profile id: edit a copy instead. */
  assertWritable(profileId: string | undefined): void {
    if (!isCatalogProfileId(profileId)) return;
    const p = this.profile(profileId ?? '');
    const catalog = this.record(catalogIdOfProfile(profileId ?? '') ?? '');
    throw failure(
      'INVALID_ARGUMENT',
      `${p ? `"${p.name}"` : 'this profile'} comes from the team catalog${catalog ? ` "${catalog.name}"` : ''} and is read-only`,
      {
        hint: 'Copy it to your profiles to change it.',
        detail: { readOnly: true, profileId: profileId ?? '' },
      },
    );
  }

  async add(input: NewCatalog): Promise<Catalog> {
    const name = input.name.trim();
    if (name === '') throw failure('INVALID_ARGUMENT', 'a catalog needs a name');
    if (this.records.some((r) => r.name.toLowerCase() === name.toLowerCase()))
      throw failure('INVALID_ARGUMENT', `a catalog named "${name}" already exists`);
    checkSource(input.source);
    const id = (this.o.newId ?? newCatalogId)(new Set(this.records.map((r) => r.id)));
    const record: CatalogRecord = {
      id,
      name,
      source: input.source,
      refreshMinutes: input.refreshMinutes,
      issues: [],
      profiles: [],
      rememberedPorts: {},
    };
    this.records = [...this.records, record];
    this.persist();
    this.logger.log('info', 'catalog added', { catalogId: id, source: describeSource(input.source) });
    return this.refresh(id);
  }

  remove(id: string): void {
    if (!this.record(id)) throw failure('NOT_FOUND', `no catalog with id ${id}`);
    this.clearTimer(id);
    this.records = this.records.filter((r) => r.id !== id);
    this.persist();
  }

  /** Fetches now; a refresh already in flight is joined, not repeated. Never rejects for source errors. */
  refresh(id: string): Promise<Catalog> {
    if (!this.record(id)) return Promise.reject(failure('NOT_FOUND', `no catalog with id ${id}`));
    const running = this.inflight.get(id);
    if (running) return running;
    const p = this.fetchInto(id);
    this.inflight.set(id, p);
    return p;
  }

  /** Copies a catalog profile into the personal store (see copyProfile.ts). */
  copy(profileId: string, store: { list(): Profile[]; save(input: ProfileInput): Profile }): Profile {
    const p = this.profile(profileId);
    if (!p) throw failure('PROFILE_NOT_FOUND', `no catalog profile with id ${profileId}`);
    return store.save(personalCopy(p, store.list()));
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    for (const id of [...this.timers.keys()]) this.clearTimer(id);
  }

  private async fetchInto(id: string): Promise<Catalog> {
    const before = this.record(id)!;
    let apply: (r: CatalogRecord) => CatalogRecord;
    const at = this.o.clock.now();
    try {
      const read = await readSource(before.source, this.o.sources);
      const content = parseCatalogContent(id, read.entries);
      const issues = [...read.issues, ...content.issues];
      if (content.profiles.length === 0 && issues.length > 0)
        throw failure(
          'CATALOG_ERROR',
          `the catalog has no valid profiles: ${issues[0]!.path}: ${issues[0]!.message}`,
          { detail: { issues: issues.length } },
        );
      apply = ({ lastError: _old, ...r }) => ({
        ...r,
        profiles: content.profiles,
        issues,
        lastRefreshedAt: at,
        lastAttemptAt: at,
      });
    } catch (e) {
      const err = plainEngineError(toEngineError(e, `refreshing catalog "${before.name}"`));
      this.logger.log('warn', 'catalog refresh failed; keeping the last good profiles', {
        catalogId: id,
        code: err.code,
        error: err.message,
      });
      apply = (r) => ({ ...r, lastError: err, lastAttemptAt: at });
    }
    // Done fetching: from here on a new refresh (a timer firing in the same tick) fetches again.
    this.inflight.delete(id);
    const current = this.record(id);
    if (!current) return this.view(apply(before)); // removed meanwhile: report, keep nothing
    const next = apply(current);
    this.records = this.records.map((r) => (r.id === id ? next : r));
    this.persist();
    this.scheduleNext(next);
    return this.view(next);
  }

  private scheduleNext(r: CatalogRecord): void {
    this.clearTimer(r.id);
    if (this.closed || this.o.schedule !== true) return;
    const due = (r.lastAttemptAt ?? -Infinity) + r.refreshMinutes * MINUTE_MS;
    const delay = Math.max(0, Math.min(due - this.o.clock.now(), r.refreshMinutes * MINUTE_MS));
    this.timers.set(
      r.id,
      this.o.clock.setTimer(() => {
        this.timers.delete(r.id);
        void this.refresh(r.id).catch(() => {}); // removed in the meantime: nothing to do
      }, delay),
    );
  }

  private clearTimer(id: string): void {
    const t = this.timers.get(id);
    if (t !== undefined) this.o.clock.clearTimer(t);
    this.timers.delete(id);
  }

  private record(id: string): CatalogRecord | undefined {
    return this.records.find((r) => r.id === id);
  }

  private view(r: CatalogRecord): Catalog {
    const conflicts = findConflicts(r.profiles, this.o.personal());
    return {
      id: r.id,
      name: r.name,
      source: r.source,
      refreshMinutes: r.refreshMinutes,
      ...(r.lastRefreshedAt !== undefined ? { lastRefreshedAt: r.lastRefreshedAt } : {}),
      ...(r.lastError !== undefined ? { lastError: r.lastError } : {}),
      profileCount: r.profiles.length,
      conflicts: conflictNames(conflicts),
      conflictDetails: conflicts.map((c) => ({ name: c.name, kind: c.kind, message: c.message })),
      issues: r.issues,
    };
  }

  private persist(): void {
    if (this.closed) return; // a refresh finishing after close() must not write into a torn-down dir
    saveCatalogs(this.o.dataDir, this.records);
    for (const l of [...this.listeners]) l();
  }
}

function withPort(p: Profile, r: CatalogRecord): Profile {
  const port = r.rememberedPorts[p.id];
  return p.bind.port === 0 && port !== undefined
    ? { ...p, bind: { ...p.bind, rememberedPort: port } }
    : { ...p, bind: { ...p.bind } };
}

function checkSource(source: CatalogSource): void {
  if (source.kind === 'parameter-store' && !source.path.startsWith('/'))
    throw failure('INVALID_ARGUMENT', `a Parameter Store path starts with "/", not "${source.path}"`);
  if (source.kind === 'file' && source.path.trim() === '')
    throw failure('INVALID_ARGUMENT', 'a catalog file needs a path');
  if (source.kind === 'url' && !/^https?:\/\//i.test(source.url))
    throw failure('INVALID_ARGUMENT', `a catalog URL must be http or https: ${source.url}`);
}
