/**
 * AWS JSON 1.1 wire helpers (§1.1). Success: 200, `application/x-amz-json-1.1`, `x-amzn-RequestId`.
 * Errors: 400 (500 for InternalServerError) with BOTH the `x-amzn-ErrorType` header and the body
 * `{"__type":"<Code>","message":"…"}`, because different SDK generations read one or the other.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export const JSON_11 = 'application/x-amz-json-1.1';

export class SsmError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, {
    'Content-Type': JSON_11,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, code: string, message: string, status = 400): void {
  const text = JSON.stringify({ __type: code, message });
  res.writeHead(status, {
    'Content-Type': JSON_11,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
    'x-amzn-ErrorType': code,
  });
  res.end(text);
}

/** The error every call gets while the rejectCredentials knob is on. */
export function credentialsError(kind: 'expired' | 'invalid'): SsmError {
  return kind === 'expired'
    ? new SsmError('ExpiredTokenException', 'The security token included in the request is expired')
    : new SsmError('UnrecognizedClientException', 'The security token included in the request is invalid.');
}

/** Epoch seconds as a JSON number (fractions allowed), the JSON 1.1 timestamp format. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

/** Input helpers: the SDK omits absent members. */
export function str(input: Record<string, unknown>, key: string): string | undefined {
  const v = input[key];
  return typeof v === 'string' ? v : undefined;
}

export function requireStr(input: Record<string, unknown>, key: string): string {
  const v = str(input, key);
  if (v === undefined || v.length === 0)
    throw new SsmError(
      'ValidationException',
      `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
    );
  return v;
}

export function num(input: Record<string, unknown>, key: string): number | undefined {
  const v = input[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Pagination tokens are base64 offsets; anything else is InvalidNextToken. */
export function pageOf<T>(
  items: readonly T[],
  nextToken: string | undefined,
  max: number,
): { page: T[]; next?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const decoded = Buffer.from(nextToken, 'base64').toString('utf8');
    const m = /^offset:(\d+)$/.exec(decoded);
    if (m === null) throw new SsmError('InvalidNextToken', 'The specified token is not valid.');
    start = Number(m[1]);
  }
  const page = items.slice(start, start + max);
  const end = start + page.length;
  return end < items.length ? { page, next: Buffer.from(`offset:${end}`).toString('base64') } : { page };
}
