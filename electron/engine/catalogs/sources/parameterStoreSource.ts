/**
 * Parameter Store catalog: every parameter under the path (recursively) holds one profile. Read with
 * the user's own credentials, so IAM decides who sees which catalog: a denied path is reported as
 * ACCESS_DENIED naming ssm:GetParametersByPath and the path. SecureString values are not decrypted
 * (WithDecryption false): profiles hold no secrets, so such a parameter is reported and skipped.
 */
import { GetParametersByPathCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { FieldIssue } from '../../../../shared/contract/api.js';
import { awsErrorCode, toEngineError } from '../../aws/awsErrors.js';
import { EngineFailure, failure } from '../../aws/engineFailure.js';
import type { SourceEntry } from '../catalogContent.js';

/** GetParametersByPath returns at most 10 per page; 100 pages = 1,000 profiles is plenty for a team. */
const MAX_PAGES = 100;

const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);

export async function readParameterStore(
  ssm: Pick<SSMClient, 'send'>,
  path: string,
): Promise<{ entries: SourceEntry[]; issues: FieldIssue[] }> {
  const entries: SourceEntry[] = [];
  const issues: FieldIssue[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    let out;
    try {
      out = await ssm.send(
        new GetParametersByPathCommand({
          Path: path,
          Recursive: true,
          WithDecryption: false,
          MaxResults: 10,
          ...(nextToken !== undefined ? { NextToken: nextToken } : {}),
        }),
      );
    } catch (e) {
      if (DENIED.has(awsErrorCode(e) ?? ''))
        throw failure('ACCESS_DENIED', `access denied: ssm:GetParametersByPath on ${path}`, {
          hint: `Your role needs ssm:GetParametersByPath on arn:aws:ssm:*:*:parameter${path}* to read this catalog; the last profiles read are kept.`,
          detail: { path },
        });
      throw EngineFailure.of(toEngineError(e, `reading the catalog at ${path}`));
    }
    for (const p of out.Parameters ?? []) {
      if (p.Name === undefined) continue;
      if (p.Type === 'SecureString') {
        issues.push({
          path: p.Name,
          message: 'SecureString parameters are not read: profiles hold no secrets',
        });
        continue;
      }
      entries.push({ origin: p.Name, text: p.Value ?? '', shape: 'profile' });
    }
    nextToken = out.NextToken;
    if (nextToken === undefined) return { entries, issues };
  }
  throw failure('CATALOG_ERROR', `${path} has more than ${MAX_PAGES * 10} parameters; not read`);
}
