/** File catalog: one profiles document (JSON or YAML by extension, else sniffed) on a local or shared drive. */
import { readFile } from 'node:fs/promises';
import { failure } from '../../aws/engineFailure.js';
import type { SourceEntry } from '../catalogContent.js';

export async function readFileSource(path: string): Promise<SourceEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw failure('CATALOG_ERROR', `cannot read the catalog file ${path} (${code})`, {
      hint: 'Check that the file exists and you can read it; the last profiles read are kept.',
      retryable: true,
      detail: { path },
    });
  }
  const format = /\.ya?ml$/i.test(path) ? 'yaml' : /\.json$/i.test(path) ? 'json' : undefined;
  return [{ origin: path, text, shape: 'document', format }];
}
