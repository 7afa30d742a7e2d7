/** One entry point over the three catalog sources; the service does not know how each one reads. */
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { FieldIssue } from '../../../../shared/contract/api.js';
import type { CatalogRecord } from '../catalogFile.js';
import type { SourceEntry } from '../catalogContent.js';
import { readFileSource } from './fileSource.js';
import { readParameterStore } from './parameterStoreSource.js';
import { readUrlSource } from './urlSource.js';

export type CatalogSource = CatalogRecord['source'];

export interface SourceDeps {
  /** An SSM client with the user's own credentials for this AWS profile and region. */
  readonly ssmFor: (awsProfile: string | undefined, region: string | undefined) => Pick<SSMClient, 'send'>;
}

export async function readSource(
  source: CatalogSource,
  deps: SourceDeps,
): Promise<{ entries: SourceEntry[]; issues: FieldIssue[] }> {
  switch (source.kind) {
    case 'parameter-store':
      return readParameterStore(deps.ssmFor(source.awsProfile, source.region), source.path);
    case 'file':
      return { entries: await readFileSource(source.path), issues: [] };
    case 'url':
      return { entries: await readUrlSource(source.url), issues: [] };
  }
}

/** One line a person recognises: the path or URL. */
export function describeSource(source: CatalogSource): string {
  switch (source.kind) {
    case 'parameter-store':
      return `ssm:${source.path}`;
    case 'file':
      return source.path;
    case 'url':
      return source.url;
  }
}
