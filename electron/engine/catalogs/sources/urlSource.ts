/**
 * URL catalog: one profiles document over http(s) (an internal wiki, a repo's raw file). Plain GET,
 * no credentials sent; the response format comes from Content-Type or the URL's extension, else sniffed.
 */
import { failure } from '../../aws/engineFailure.js';
import type { SourceEntry } from '../catalogContent.js';

/** A catalog is a few KB; anything slower than this is a hung server, not a slow one. */
export const URL_TIMEOUT_MS = 15_000;
/** Same cap as profiles.import: a catalog is not a data dump. */
const MAX_BYTES = 5_000_000;

export async function readUrlSource(url: string, timeoutMs = URL_TIMEOUT_MS): Promise<SourceEntry[]> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw failure('INVALID_ARGUMENT', `a catalog URL must be http or https, not ${parsed.protocol}`);
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (e) {
    throw failure('NETWORK_ERROR', `cannot fetch the catalog ${url}: ${(e as Error).message}`, {
      hint: 'The last profiles read are kept; it is retried on the next refresh.',
      detail: { url },
    });
  }
  if (!res.ok)
    throw failure('CATALOG_ERROR', `fetching the catalog ${url} returned HTTP ${res.status}`, {
      retryable: res.status >= 500,
      detail: { url, status: res.status },
    });
  const text = await res.text();
  if (text.length > MAX_BYTES) throw failure('CATALOG_ERROR', `the catalog ${url} is larger than 5 MB`);
  const type = res.headers.get('content-type') ?? '';
  const format = /json/i.test(type)
    ? 'json'
    : /yaml/i.test(type) || /\.ya?ml$/i.test(parsed.pathname)
      ? 'yaml'
      : /\.json$/i.test(parsed.pathname)
        ? 'json'
        : undefined;
  return [{ origin: url, text, shape: 'document', format }];
}
