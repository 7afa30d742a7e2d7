/** Simulator extras: HTTP mounting of fake AWS services, error injection, ended-resume styles. */
import {
  DescribeInstanceInformationCommand,
  GetDocumentCommand,
  ResumeSessionCommand,
  StartSessionCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';
import { ssmClient } from './helpers.js';

const PORT_DOC = 'AWS-StartPortForwardingSession';

async function errorOf(
  p: Promise<unknown>,
): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  throw new Error('expected the call to fail');
}

describe('simulator API extras', () => {
  let sim: Simulator;
  let ssm: SSMClient;
  beforeEach(async () => {
    sim = await startSimulator({
      sessionPreferences: { idleTimeoutMinutes: 7, maxSessionDurationMinutes: 90 },
    });
    ssm = ssmClient(sim.endpoint);
  });
  afterEach(async () => {
    ssm.destroy();
    await sim.close();
  });

  it('injectApiError fails the next calls of one operation; the SDK retries 500s by itself', async () => {
    sim.injectApiError('DescribeInstanceInformation', {
      code: 'ThrottlingException',
      message: 'Rate exceeded',
    });
    expect(await errorOf(ssm.send(new DescribeInstanceInformationCommand({})))).toMatchObject({
      name: 'ThrottlingException',
      status: 400,
      message: 'Rate exceeded',
    });
    await ssm.send(new DescribeInstanceInformationCommand({}));
    sim.injectApiError('GetDocument', { code: 'InternalServerError', status: 500 }, 2);
    const retrying = ssmClient(sim.endpoint, 3);
    const d = await retrying.send(new GetDocumentCommand({ Name: 'SSM-SessionManagerRunShell' }));
    expect(d.Name).toBe('SSM-SessionManagerRunShell');
    expect(
      sim
        .requestLog()
        .filter((e) => e.operation === 'GetDocument')
        .map((e) => e.status),
    ).toEqual([500, 500, 200]);
    retrying.destroy();
  });

  it('unknown operations and content types get 400 UnknownOperationException with header and body', async () => {
    const res = await fetch(sim.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AmazonSSM.SendCommand' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(((await res.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    const cbor = await fetch(sim.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/cbor', 'X-Amz-Target': 'AmazonSSM.StartSession' },
      body: '{}',
    });
    expect(cbor.status).toBe(400);
    expect(cbor.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });

  it('GetDocument returns the session preferences; unknown documents are InvalidDocument', async () => {
    const d = await ssm.send(new GetDocumentCommand({ Name: 'SSM-SessionManagerRunShell' }));
    const content = JSON.parse(d.Content!) as {
      sessionType: string;
      inputs: { idleSessionTimeout: string; maxSessionDuration: string };
    };
    expect(content.sessionType).toBe('Standard_Stream');
    expect(content.inputs.idleSessionTimeout).toBe('7');
    expect(content.inputs.maxSessionDuration).toBe('90');
    expect(d.DocumentType).toBe('Session');
    expect(await errorOf(ssm.send(new GetDocumentCommand({ Name: 'No-Such-Doc' })))).toMatchObject({
      name: 'InvalidDocument',
    });
  });

  it("endedResume 'no-token' answers ResumeSession of an ended session without a token", async () => {
    const quiet = await startSimulator({ endedResume: 'no-token' });
    const client = ssmClient(quiet.endpoint);
    try {
      const s = await client.send(
        new StartSessionCommand({ Target: 'i-0123456789abcdef0', DocumentName: PORT_DOC }),
      );
      quiet.endSession(s.SessionId!, 'timed out');
      const r = await client.send(new ResumeSessionCommand({ SessionId: s.SessionId! }));
      expect(r.SessionId).toBe(s.SessionId);
      expect(r.TokenValue).toBeUndefined();
      expect(r.StreamUrl).toBeUndefined();
    } finally {
      client.destroy();
      await quiet.close();
    }
  });
});

describe('simulator HTTP mounting', () => {
  it('routes non-SSM AWS requests to the mounted services first, and custom services can replace them', async () => {
    const sim = await startSimulator({
      awsServices: () => [
        {
          name: 'fake-sts',
          matches: (req) => req.body.toString().includes('Action=GetCallerIdentity'),
          handle: (_req, res) => {
            res.writeHead(200, { 'Content-Type': 'text/xml' });
            res.end('<ok/>');
          },
        },
      ],
    });
    try {
      const res = await fetch(sim.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
      });
      expect(await res.text()).toBe('<ok/>');
      const other = await fetch(`${sim.endpoint}/nothing`);
      expect(other.status).toBe(404);
      expect(sim.requestLog().map((e) => [e.operation, e.status])).toEqual([
        ['fake-sts POST /', 200],
        ['none GET /nothing', 404],
      ]);
    } finally {
      await sim.close();
    }
  });

  it('mounts the default fake AWS services (STS answers GetCallerIdentity, not the SSM fallback)', async () => {
    const sim = await startSimulator();
    try {
      await fetch(sim.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
      });
      expect(sim.requestLog()[0]!.operation).toBe('sts POST /');
    } finally {
      await sim.close();
    }
  });
});
