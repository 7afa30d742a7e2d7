/**
 * The fake SSM endpoint as an HttpService: `POST /`, `X-Amz-Target: AmazonSSM.<Op>`, JSON 1.1 body,
 * dispatched through an operation table. Unknown operations and unexpected content types get
 * `400 UnknownOperationException` and a warning log so an SDK protocol change is noticed (§1.1).
 * While the rejectCredentials knob is on, every call fails the way bad credentials do.
 */
import type { ServerResponse } from 'node:http';
import type { HttpRequest, HttpService } from '../http/service.js';
import type { Operation, SsmContext } from './context.js';
import { credentialsError, JSON_11, sendError, sendJson, SsmError } from './jsonRpc.js';
import { getDocument } from './ops/documents.js';
import { describeInstanceInformation } from './ops/instances.js';
import { getParameter, getParametersByPath, putParameter } from './ops/parameters.js';
import { describeSessions, resumeSession, startSession, terminateSession } from './ops/sessions.js';

const TARGET_PREFIX = 'AmazonSSM.';

export const SSM_OPERATIONS: Readonly<Record<string, Operation>> = {
  StartSession: startSession,
  ResumeSession: resumeSession,
  TerminateSession: terminateSession,
  DescribeSessions: describeSessions,
  DescribeInstanceInformation: describeInstanceInformation,
  GetDocument: getDocument,
  GetParametersByPath: getParametersByPath,
  GetParameter: getParameter,
  PutParameter: putParameter,
};

export function ssmTarget(req: HttpRequest): string | undefined {
  const t = req.headers['x-amz-target'];
  return typeof t === 'string' && t.startsWith(TARGET_PREFIX) ? t.slice(TARGET_PREFIX.length) : undefined;
}

export function createSsmService(ctx: SsmContext): HttpService {
  return {
    name: 'ssm',
    matches: (req) => req.method === 'POST' && ssmTarget(req) !== undefined,
    handle(req: HttpRequest, res: ServerResponse): void {
      const opName = ssmTarget(req)!;
      const contentType = req.headers['content-type'] ?? '';
      const op = SSM_OPERATIONS[opName];
      if (op === undefined || !contentType.startsWith(JSON_11)) {
        ctx.logger.log('warn', 'simulator: unknown SSM operation or content type', {
          operation: opName,
          contentType,
        });
        sendError(res, 'UnknownOperationException', `Unknown operation ${opName} (${contentType})`);
        return;
      }
      try {
        const rejection = ctx.faults().rejectCredentials;
        if (rejection !== undefined) throw credentialsError(rejection);
        const injected = ctx.takeInjectedError(opName);
        if (injected !== undefined) throw new SsmError(injected.code, injected.message, injected.status);
        let input: unknown;
        try {
          input = req.body.length === 0 ? {} : JSON.parse(req.body.toString('utf8'));
        } catch {
          throw new SsmError('SerializationException', 'Request body is not valid JSON');
        }
        if (typeof input !== 'object' || input === null || Array.isArray(input))
          throw new SsmError('SerializationException', 'Request body must be a JSON object');
        sendJson(res, op(input as Record<string, unknown>, ctx));
      } catch (e) {
        if (e instanceof SsmError) sendError(res, e.code, e.message, e.status);
        else {
          ctx.logger.log('error', 'simulator: operation failed', { operation: opName, error: String(e) });
          sendError(res, 'InternalServerError', 'An error occurred on the server side.', 500);
        }
      }
    },
  };
}
