/**
 * SessionApi over the real @aws-sdk/client-ssm (ssm-protocol.md §1.2). The SSMClient is passed in
 * (region, credentials, endpoint / AWS_ENDPOINT_URL_SSM are the caller's business).
 */
import { EngineFailure, failure } from './engineFailure.js';
import {
  ResumeSessionCommand,
  StartSessionCommand,
  TerminateSessionCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { SessionApi, SessionCredentials } from '../session/types.js';
import { awsErrorCode, toEngineError } from './awsErrors.js';

export class SdkSessionApi implements SessionApi {
  constructor(private readonly client: SSMClient) {}

  async startSession(input: {
    target: string;
    documentName: string;
    parameters: Record<string, string[]>;
    reason?: string;
  }): Promise<SessionCredentials> {
    try {
      const out = await this.client.send(
        new StartSessionCommand({
          Target: input.target,
          DocumentName: input.documentName,
          Parameters: input.parameters,
          ...(input.reason !== undefined ? { Reason: input.reason } : {}),
        }),
      );
      if (!out.SessionId || !out.TokenValue || !out.StreamUrl)
        throw failure('AWS_SERVICE_ERROR', 'StartSession returned no SessionId/TokenValue/StreamUrl');
      return { sessionId: out.SessionId, tokenValue: out.TokenValue, streamUrl: out.StreamUrl };
    } catch (e) {
      throw EngineFailure.of(toEngineError(e, 'StartSession'));
    }
  }

  /** §10.2/§10.3: no TokenValue or DoesNotExistException ⇒ SESSION_NOT_RESUMABLE. */
  async resumeSession(sessionId: string): Promise<SessionCredentials> {
    try {
      const out = await this.client.send(new ResumeSessionCommand({ SessionId: sessionId }));
      if (!out.TokenValue)
        throw failure('SESSION_NOT_RESUMABLE', `session ${sessionId} can no longer be resumed (timed out)`);
      return {
        sessionId: out.SessionId ?? sessionId,
        tokenValue: out.TokenValue,
        streamUrl: out.StreamUrl ?? '',
      };
    } catch (e) {
      if (awsErrorCode(e) === 'DoesNotExistException')
        throw failure('SESSION_NOT_RESUMABLE', `session ${sessionId} no longer exists`);
      throw EngineFailure.of(toEngineError(e, 'ResumeSession'));
    }
  }

  async terminateSession(sessionId: string): Promise<void> {
    try {
      await this.client.send(new TerminateSessionCommand({ SessionId: sessionId }));
    } catch (e) {
      throw EngineFailure.of(toEngineError(e, 'TerminateSession'));
    }
  }
}
