/**
 * Response helpers for the fake AWS services: the AWS query protocol (STS, EC2: form-encoded POST,
 * XML answers) and REST-JSON (SSO portal, SSO-OIDC). Error shapes are the ones the SDK parses:
 *  - query (STS): <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
 *  - ec2 query:   <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>
 *  - REST-JSON:   header x-amzn-ErrorType: <Code>, body {"message": …} (plus OAuth "error" for OIDC)
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { HttpRequest } from '../http/service.js';

export function formParams(req: HttpRequest): URLSearchParams {
  return new URLSearchParams(req.body.toString('utf8'));
}

export function queryParams(req: HttpRequest): URLSearchParams {
  const q = req.url.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : req.url.slice(q + 1));
}

export function pathOf(req: HttpRequest): string {
  const q = req.url.indexOf('?');
  return q < 0 ? req.url : req.url.slice(0, q);
}

export function isFormPost(req: HttpRequest): boolean {
  return (
    req.method === 'POST' &&
    pathOf(req) === '/' &&
    String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
  );
}

export function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `{a: 'x', b: {c: 'y'}}` → `<a>x</a><b><c>y</c></b>`; arrays become repeated `<item>`s. */
export type Xml = string | number | boolean | undefined | Xml[] | { [k: string]: Xml };

export function toXml(v: Xml): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return v.map((i) => `<item>${toXml(i)}</item>`).join('');
  if (typeof v === 'object')
    return Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `<${k}>${toXml(x)}</${k}>`)
      .join('');
  return xmlEscape(String(v));
}

export function sendXml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

export function sendQueryError(res: ServerResponse, status: number, code: string, message: string): void {
  sendXml(
    res,
    status,
    `<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${xmlEscape(code)}</Code>` +
      `<Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

export function sendEc2Error(res: ServerResponse, status: number, code: string, message: string): void {
  sendXml(
    res,
    status,
    `<Response><Errors><Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error>` +
      `</Errors><RequestID>${randomUUID()}</RequestID></Response>`,
  );
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify(body));
}

export function sendJsonError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-requestid': randomUUID(),
    'x-amzn-errortype': code,
  });
  res.end(JSON.stringify({ __type: code, message, ...extra }));
}

/** The access key id of a SigV4-signed request (`Credential=AKID/date/region/service/aws4_request`). */
export function accessKeyOf(req: HttpRequest): string | undefined {
  const auth = String(req.headers['authorization'] ?? '');
  return /Credential=([^/,\s]+)\//.exec(auth)?.[1];
}

export function baseUrlOf(req: HttpRequest): string {
  return `http://${String(req.headers['host'] ?? '127.0.0.1')}`;
}
