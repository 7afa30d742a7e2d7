/**
 * Missing IAM permissions, which the simulator does not model: a small SSM JSON stub in front of the
 * fake STS/EC2 answers StartSession with AccessDeniedException (as SSM does when the role lacks
 * ssm:StartSession), and EC2 DescribeTags is denied (names fall back to the computer name).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpService } from '../../../electron/simulator/http/service.js';
import { createAwsContext, type AwsContext } from '../../../electron/engine/aws/clientFactory.js';
import { listManagedNodes } from '../../../electron/engine/aws/discovery.js';
import { runPreflight } from '../../../electron/engine/aws/preflight.js';
import { startFakeAwsServer, type FakeAwsServer } from './fakeAwsServer.js';

const INSTANCE = {
  InstanceId: 'i-0123456789abcdef0',
  PingStatus: 'Online',
  AgentVersion: '3.3.1142.0',
  PlatformType: 'Linux',
  ComputerName: 'ip-10-0-0-5.ec2.internal',
  IPAddress: '10.0.0.5',
};

/** SSM JSON 1.1 stub: only what these tests need; every call is recorded. */
function ssmStub(ops: string[]): HttpService {
  return {
    name: 'ssm-stub',
    matches: (req) => String(req.headers['x-amz-target'] ?? '').startsWith('AmazonSSM.'),
    handle(req, res) {
      const op = String(req.headers['x-amz-target']).slice('AmazonSSM.'.length);
      ops.push(op);
      const send = (status: number, body: unknown, type?: string) => {
        res.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          ...(type !== undefined ? { 'x-amzn-errortype': type } : {}),
        });
        res.end(JSON.stringify(body));
      };
      if (op === 'DescribeInstanceInformation') return send(200, { InstanceInformationList: [INSTANCE] });
      if (op === 'StartSession')
        return send(
          400,
          {
            __type: 'AccessDeniedException',
            message:
              'User: arn:aws:sts::123456789012:assumed-role/Dev/alice is not authorized to perform: ssm:StartSession',
          },
          'AccessDeniedException',
        );
      if (op === 'GetDocument')
        return send(400, { __type: 'InvalidDocument', message: 'missing' }, 'InvalidDocument');
      return send(400, { __type: 'UnknownOperationException', message: op }, 'UnknownOperationException');
    },
  };
}

let fake: FakeAwsServer;
let ctx: AwsContext;
const ops: string[] = [];

beforeAll(async () => {
  fake = await startFakeAwsServer({ ec2DeniedActions: ['DescribeTags'] }, () => [ssmStub(ops)]);
  fake.instances = [
    {
      instanceId: INSTANCE.InstanceId,
      name: 'tagged',
      platformType: 'Linux',
      pingStatus: 'Online',
      agentVersion: '3.3.1142.0',
    },
  ];
  ctx = createAwsContext({
    simulatorEndpoint: fake.endpoint,
    region: 'eu-west-1',
    env: {},
    credentials: () => Promise.resolve({ accessKeyId: 'AKIADENIED', secretAccessKey: 's' }),
  });
});

afterAll(async () => {
  ctx.destroy();
  await fake.close();
});

describe('missing permissions', () => {
  it('StartSession AccessDenied is reported as the missing ssm:StartSession permission', async () => {
    const checks = await runPreflight(ctx, {
      target: INSTANCE.InstanceId,
      remotePort: 5432,
      bind: '127.0.0.1',
      localPort: 0,
      document: 'AWS-StartPortForwardingSession',
    });
    const doc = checks.find((c) => c.id === 'document');
    expect(doc).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } });
    expect(doc?.message).toBe(
      'arn:aws:iam::123456789012:user/simuser is not allowed ssm:StartSession on i-0123456789abcdef0 with document AWS-StartPortForwardingSession.',
    );
    expect(doc?.hint).toContain('arn:aws:ssm:eu-west-1::document/AWS-StartPortForwardingSession');
    expect(ops).toContain('StartSession');
    // preferences document missing ⇒ service defaults, not a failure
    expect(checks.find((c) => c.id === 'preferences')).toMatchObject({
      ok: true,
      message: 'Idle timeout 20 min.',
    });
  });

  it('EC2 DescribeTags denied: nodes still list, named by computer name', async () => {
    const nodes = await listManagedNodes(ctx);
    expect(fake.state.calls.get('ec2:DescribeTags')).toBeGreaterThanOrEqual(1);
    expect(nodes).toEqual([
      {
        instanceId: INSTANCE.InstanceId,
        pingStatus: 'Online',
        computerName: INSTANCE.ComputerName,
        platformType: 'Linux',
        agentVersion: '3.3.1142.0',
        ipAddress: '10.0.0.5',
      },
    ]);
  });
});
