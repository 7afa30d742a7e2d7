/**
 * The team-catalog profiles a one-shot CLI command can see: the cached content in `catalogs.json`
 * (what the app and `bastionless catalog refresh` last fetched), without refreshing — `up` and
 * `profiles list` must work offline and must not call AWS just to list names.
 */
import type { Profile } from '../../shared/model/profile.js';
import { failure } from '../engine/aws/engineFailure.js';
import { CatalogService } from '../engine/catalogs/catalogService.js';
import type { ProfileStore } from '../engine/profiles/profileStore.js';
import { systemClock } from '../engine/transport/clock.js';

export function cachedCatalogProfiles(dataDir: string, personal: ProfileStore): Profile[] {
  const service = new CatalogService({
    dataDir,
    clock: systemClock,
    personal: () => personal.list(),
    sources: {
      ssmFor: () => {
        throw failure('INTERNAL', 'catalogs are not refreshed by this command');
      },
    },
  });
  try {
    return service.profiles();
  } finally {
    service.close();
  }
}
