/**
 * Ids for catalogs and their profiles. A catalog profile's id is `catalog:<catalogId>:<hash>`, where
 * the hash is of a key the source keeps stable (the parameter name, or the profile name in a
 * document). Personal ids are UUIDs and profiles.save refuses ids with this prefix, so the two never
 * collide, and a profile keeps its id (and its running tunnel) across refreshes.
 */
import { createHash, randomBytes } from 'node:crypto';

export const CATALOG_PROFILE_PREFIX = 'catalog:';

/** 8 hex characters: short enough for ids (≤ 64) and logs; 2^32 space for a handful of catalogs. */
export function newCatalogId(taken: ReadonlySet<string>, bytes = randomBytes): string {
  for (;;) {
    const id = bytes(4).toString('hex');
    if (!taken.has(id)) return id;
  }
}

export function catalogProfileId(catalogId: string, key: string): string {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return `${CATALOG_PROFILE_PREFIX}${catalogId}:${hash}`;
}

export function isCatalogProfileId(id: string | undefined): boolean {
  return id !== undefined && id.startsWith(CATALOG_PROFILE_PREFIX);
}

/** `catalog:<id>` as written in Profile.source. */
export function catalogSource(catalogId: string): string {
  return `${CATALOG_PROFILE_PREFIX}${catalogId}`;
}

export function catalogIdOfProfile(profileId: string): string | undefined {
  if (!isCatalogProfileId(profileId)) return undefined;
  return profileId.slice(CATALOG_PROFILE_PREFIX.length).split(':')[0];
}
