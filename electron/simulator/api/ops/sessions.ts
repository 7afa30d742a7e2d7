/**
 * StartSession / ResumeSession / TerminateSession / DescribeSessions (§1.2).
 * StreamUrl = ws://127.0.0.1:<port>/v1/data-channel/<SessionId>?role=publish_subscribe&cell-number=<blob>
 * where the blob is base64 WITH + / = so clients are forced to use the URL verbatim (§2.1).
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_ALLOWED_DOCUMENTS, SHELL_DOCUMENT } from '../../instances.js';
import type { SimSession } from '../../service/simSession.js';
import type { SsmContext } from '../context.js';
import { epochSeconds, num, pageOf, requireStr, SsmError, str } from '../jsonRpc.js';
import { resolvePortProperties } from './documents.js';

/** A cell-number that is guaranteed to contain '+', '/' and '='. */
function cellNumber(): string {
  const raw = randomBytes(31).toString('base64'); // 31 bytes ⇒ "==" padding
  return `${raw.slice(0, 6)}+/${raw.slice(6)}`;
}

function streamUrl(ctx: SsmContext, s: SimSession): string {
  const cell = cellNumber();
  s.cellNumbers.add(cell); // the gateway checks it arrives byte-for-byte (no re-encoding)
  return `${ctx.wsBase()}/v1/data-channel/${s.id}?role=publish_subscribe&cell-number=${cell}`;
}

export function startSession(input: Record<string, unknown>, ctx: SsmContext): unknown {
  const target = requireStr(input, 'Target');
  const documentName = str(input, 'DocumentName') ?? SHELL_DOCUMENT;
  const instance = ctx.instance(target);
  if (instance === undefined) throw new SsmError('TargetNotConnected', `${target} is not connected.`);
  const allowed = instance.allowedDocuments ?? DEFAULT_ALLOWED_DOCUMENTS;
  if (!allowed.includes(documentName))
    throw new SsmError('InvalidDocument', `Document ${documentName} is not allowed for target ${target}.`);
  if (instance.pingStatus !== 'Online')
    throw new SsmError('TargetNotConnected', `${target} is not connected.`);
  const properties = resolvePortProperties(documentName, input['Parameters']);
  const session = ctx.createSession({
    target,
    documentName,
    reason: str(input, 'Reason'),
    properties,
    agentVersion: instance.agentVersion,
  });
  return { SessionId: session.id, TokenValue: session.issueToken(), StreamUrl: streamUrl(ctx, session) };
}

function mustFind(input: Record<string, unknown>, ctx: SsmContext): SimSession {
  const id = requireStr(input, 'SessionId');
  const s = ctx.session(id);
  if (s === undefined || s.ended)
    throw new SsmError('DoesNotExistException', `Session ${id} does not exist or has ended.`);
  return s;
}

export function resumeSession(input: Record<string, unknown>, ctx: SsmContext): unknown {
  const id = requireStr(input, 'SessionId');
  const ended = ctx.session(id);
  if (ended?.ended === true && ctx.endedResume() === 'no-token') return { SessionId: id };
  const s = mustFind(input, ctx);
  s.resumes++;
  return { SessionId: s.id, TokenValue: s.issueToken(), StreamUrl: streamUrl(ctx, s) };
}

export function terminateSession(input: Record<string, unknown>, ctx: SsmContext): unknown {
  const id = requireStr(input, 'SessionId');
  const s = ctx.session(id);
  // The real service answers TerminateSession for an already-ended session without error.
  s?.end('');
  return { SessionId: id };
}

const FILTER_KEYS = ['InvokedAfter', 'InvokedBefore', 'Target', 'Owner', 'Status', 'SessionId'];

export function describeSessions(input: Record<string, unknown>, ctx: SsmContext): unknown {
  const state = requireStr(input, 'State');
  if (state !== 'Active' && state !== 'History')
    throw new SsmError('ValidationException', `State ${state} must be Active or History`);
  const max = num(input, 'MaxResults') ?? 200;
  if (max < 1 || max > 200) throw new SsmError('ValidationException', 'MaxResults must be 1..200');
  const filters = Array.isArray(input['Filters']) ? (input['Filters'] as Record<string, unknown>[]) : [];
  let list = ctx.sessions().filter((s) => (state === 'Active' ? !s.ended : s.ended));
  for (const f of filters) {
    const key = str(f, 'key') ?? '';
    const value = str(f, 'value') ?? '';
    if (!FILTER_KEYS.includes(key)) throw new SsmError('InvalidFilterKey', `Filter key ${key} is not valid.`);
    list = list.filter((s) => {
      switch (key) {
        case 'Target':
          return s.o.target === value;
        case 'Owner':
          return s.o.owner === value;
        case 'Status':
          return s.status === value;
        case 'SessionId':
          return s.id === value;
        case 'InvokedAfter':
          return s.startedAt >= Date.parse(value);
        default:
          return s.startedAt <= Date.parse(value);
      }
    });
  }
  const { page, next } = pageOf(list, str(input, 'NextToken'), max);
  return {
    Sessions: page.map((s) => ({
      SessionId: s.id,
      Target: s.o.target,
      Status: s.status,
      StartDate: epochSeconds(s.startedAt),
      ...(s.endedAt !== undefined ? { EndDate: epochSeconds(s.endedAt) } : {}),
      DocumentName: s.o.documentName,
      Owner: s.o.owner,
      ...(s.o.reason !== undefined ? { Reason: s.o.reason } : {}),
      Details: s.output,
      OutputUrl: { S3OutputUrl: '', CloudWatchOutputUrl: '' },
    })),
    ...(next !== undefined ? { NextToken: next } : {}),
  };
}
