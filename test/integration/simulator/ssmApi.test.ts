/** Every SSM operation of the simulator, driven by the real @aws-sdk/client-ssm, including errors. */
import type { SSMClient } from '@aws-sdk/client-ssm';
import {
  DescribeInstanceInformationCommand,
  DescribeSessionsCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  PutParameterCommand,
  ResumeSessionCommand,
  StartSessionCommand,
  TerminateSessionCommand,
} from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';
import { ssmClient } from './helpers.js';

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

const PORT_DOC = 'AWS-StartPortForwardingSession';

describe('simulator SSM API', () => {
  let sim: Simulator;
  let ssm: SSMClient;
  beforeEach(async () => {
    sim = await startSimulator({
      sessionPreferences: { idleTimeoutMinutes: 7, maxSessionDurationMinutes: 90 },
      parameters: {
        '/app/db/host': 'db.local',
        '/app/db/port': '5432',
        '/app/deep/x/y': 'z',
        '/secret/key': 's',
      },
      deniedParameterPaths: ['/secret'],
    });
    ssm = ssmClient(sim.endpoint);
  });
  afterEach(async () => {
    ssm.destroy();
    await sim.close();
  });

  it('StartSession returns a SessionId, a token and a verbatim-only StreamUrl', async () => {
    const out = await ssm.send(
      new StartSessionCommand({
        Target: 'i-0123456789abcdef0',
        DocumentName: PORT_DOC,
        Parameters: { portNumber: ['22'] },
        Reason: 'test',
      }),
    );
    expect(out.SessionId).toMatch(/^simuser-[0-9a-f]{17}$/);
    expect(out.TokenValue!.length).toBeGreaterThan(20);
    const url = new URL(out.StreamUrl!);
    expect(url.protocol).toBe('ws:');
    expect(url.host).toBe(new URL(sim.endpoint).host);
    expect(url.pathname).toBe(`/v1/data-channel/${out.SessionId}`);
    expect(out.StreamUrl).toMatch(/\?role=publish_subscribe&cell-number=[A-Za-z0-9+/]*\+\/[A-Za-z0-9+/]*=+$/);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sim.sessions()).toMatchObject([
      {
        sessionId: out.SessionId,
        target: 'i-0123456789abcdef0',
        documentName: PORT_DOC,
        status: 'Connecting',
        clientConnected: false,
      },
    ]);
  });

  it('StartSession errors: offline target, unknown target, document not allowed', async () => {
    expect(
      await errorOf(
        ssm.send(new StartSessionCommand({ Target: 'i-0ccccccccccccccc3', DocumentName: PORT_DOC })),
      ),
    ).toMatchObject({ name: 'TargetNotConnected', status: 400 });
    expect(
      await errorOf(
        ssm.send(new StartSessionCommand({ Target: 'i-00000000000000000', DocumentName: PORT_DOC })),
      ),
    ).toMatchObject({ name: 'TargetNotConnected' });
    expect(await errorOf(ssm.send(new StartSessionCommand({ Target: 'i-0123456789abcdef0' })))).toMatchObject(
      { name: 'InvalidDocument' },
    );
    sim.setInstance({
      ...sim.instances()[0]!,
      allowedDocuments: ['AWS-StartPortForwardingSessionToRemoteHost'],
    });
    expect(
      await errorOf(
        ssm.send(new StartSessionCommand({ Target: 'i-0123456789abcdef0', DocumentName: PORT_DOC })),
      ),
    ).toMatchObject({ name: 'InvalidDocument' });
  });

  it('ResumeSession issues a fresh token; Terminate makes resume fail with DoesNotExistException', async () => {
    const s = await ssm.send(
      new StartSessionCommand({ Target: 'i-0123456789abcdef0', DocumentName: PORT_DOC }),
    );
    const r = await ssm.send(new ResumeSessionCommand({ SessionId: s.SessionId! }));
    expect(r.SessionId).toBe(s.SessionId);
    expect(r.TokenValue).not.toBe(s.TokenValue);
    expect(r.StreamUrl).toContain(`/v1/data-channel/${s.SessionId}?role=publish_subscribe`);
    expect(sim.sessions()[0]!.resumes).toBe(1);
    const t = await ssm.send(new TerminateSessionCommand({ SessionId: s.SessionId! }));
    expect(t.SessionId).toBe(s.SessionId);
    expect(sim.sessions()[0]!.status).toBe('Terminated');
    expect(await errorOf(ssm.send(new ResumeSessionCommand({ SessionId: s.SessionId! })))).toMatchObject({
      name: 'DoesNotExistException',
      status: 400,
    });
    expect(
      await errorOf(ssm.send(new ResumeSessionCommand({ SessionId: 'nobody-00000000000000000' }))),
    ).toMatchObject({ name: 'DoesNotExistException' });
  });

  it('DescribeSessions lists Active and History with filters and pagination', async () => {
    const a = await ssm.send(
      new StartSessionCommand({ Target: 'i-0123456789abcdef0', DocumentName: PORT_DOC }),
    );
    const b = await ssm.send(
      new StartSessionCommand({ Target: 'i-0bbbbbbbbbbbbbbb2', DocumentName: PORT_DOC }),
    );
    await ssm.send(new StartSessionCommand({ Target: 'i-0bbbbbbbbbbbbbbb2', DocumentName: PORT_DOC }));
    await ssm.send(new TerminateSessionCommand({ SessionId: a.SessionId! }));
    const active = await ssm.send(new DescribeSessionsCommand({ State: 'Active' }));
    expect(active.Sessions!.map((s) => s.Target).sort()).toEqual([
      'i-0bbbbbbbbbbbbbbb2',
      'i-0bbbbbbbbbbbbbbb2',
    ]);
    expect(active.Sessions![0]!.StartDate).toBeInstanceOf(Date);
    const history = await ssm.send(new DescribeSessionsCommand({ State: 'History' }));
    expect(history.Sessions).toMatchObject([
      { SessionId: a.SessionId, Status: 'Terminated', DocumentName: PORT_DOC },
    ]);
    expect(history.Sessions![0]!.EndDate).toBeInstanceOf(Date);
    const filtered = await ssm.send(
      new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'SessionId', value: b.SessionId! }] }),
    );
    expect(filtered.Sessions!.map((s) => s.SessionId)).toEqual([b.SessionId]);
    const page1 = await ssm.send(new DescribeSessionsCommand({ State: 'Active', MaxResults: 1 }));
    expect(page1.Sessions).toHaveLength(1);
    const page2 = await ssm.send(
      new DescribeSessionsCommand({ State: 'Active', MaxResults: 1, NextToken: page1.NextToken! }),
    );
    expect(page2.Sessions).toHaveLength(1);
    expect(page2.NextToken).toBeUndefined();
    expect(page2.Sessions![0]!.SessionId).not.toBe(page1.Sessions![0]!.SessionId);
    expect(
      await errorOf(ssm.send(new DescribeSessionsCommand({ State: 'Active', NextToken: 'garbage' }))),
    ).toMatchObject({ name: 'InvalidNextToken' });
  });

  it('DescribeInstanceInformation paginates and filters (both filter styles)', async () => {
    const all = await ssm.send(new DescribeInstanceInformationCommand({}));
    expect(all.InstanceInformationList!.map((i) => i.InstanceId)).toEqual([
      'i-0123456789abcdef0',
      'i-0aaaaaaaaaaaaaaa1',
      'i-0bbbbbbbbbbbbbbb2',
      'i-0ccccccccccccccc3',
    ]);
    const web = all.InstanceInformationList![0]!;
    expect(web).toMatchObject({
      Name: 'web-1',
      PingStatus: 'Online',
      AgentVersion: '3.3.1142.0',
      PlatformType: 'Linux',
      IsLatestVersion: true,
    });
    expect(web.LastPingDateTime).toBeInstanceOf(Date);
    for (let i = 0; i < 8; i++)
      sim.setInstance({
        instanceId: `i-0ddddddddddddddd${i}`,
        platformType: 'Linux',
        pingStatus: 'Online',
        agentVersion: '3.3.1142.0',
      });
    const p1 = await ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 5 }));
    const p2 = await ssm.send(
      new DescribeInstanceInformationCommand({ MaxResults: 5, NextToken: p1.NextToken! }),
    );
    const p3 = await ssm.send(
      new DescribeInstanceInformationCommand({ MaxResults: 5, NextToken: p2.NextToken! }),
    );
    expect([p1, p2, p3].map((p) => p.InstanceInformationList!.length)).toEqual([5, 5, 2]);
    expect(p3.NextToken).toBeUndefined();
    const online = await ssm.send(
      new DescribeInstanceInformationCommand({
        Filters: [{ Key: 'PingStatus', Values: ['ConnectionLost'] }],
      }),
    );
    expect(online.InstanceInformationList!.map((i) => i.InstanceId)).toEqual(['i-0ccccccccccccccc3']);
    const legacy = await ssm.send(
      new DescribeInstanceInformationCommand({
        InstanceInformationFilterList: [{ key: 'PlatformTypes', valueSet: ['Windows'] }],
      }),
    );
    expect(legacy.InstanceInformationList!.map((i) => i.InstanceId)).toEqual(['i-0bbbbbbbbbbbbbbb2']);
    const tagged = await ssm.send(
      new DescribeInstanceInformationCommand({ Filters: [{ Key: 'tag:env', Values: ['prod'] }] }),
    );
    expect(tagged.InstanceInformationList!.map((i) => i.Name)).toEqual(['win-rdp']);
    expect(
      await errorOf(
        ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'Bogus', Values: ['x'] }] })),
      ),
    ).toMatchObject({ name: 'InvalidFilterKey' });
  });

  it('Parameter Store: by path (recursive or not, paginated), get, put, denied paths', async () => {
    const flat = await ssm.send(new GetParametersByPathCommand({ Path: '/app' }));
    expect(flat.Parameters!.map((p) => p.Name)).toEqual([]);
    const db = await ssm.send(new GetParametersByPathCommand({ Path: '/app/db', WithDecryption: true }));
    expect(db.Parameters!.map((p) => [p.Name, p.Value])).toEqual([
      ['/app/db/host', 'db.local'],
      ['/app/db/port', '5432'],
    ]);
    const rec = await ssm.send(
      new GetParametersByPathCommand({ Path: '/app', Recursive: true, MaxResults: 2 }),
    );
    expect(rec.Parameters).toHaveLength(2);
    const rec2 = await ssm.send(
      new GetParametersByPathCommand({
        Path: '/app',
        Recursive: true,
        MaxResults: 2,
        NextToken: rec.NextToken!,
      }),
    );
    expect(rec2.Parameters!.map((p) => p.Name)).toEqual(['/app/deep/x/y']);
    expect(await errorOf(ssm.send(new GetParametersByPathCommand({ Path: '/secret' })))).toMatchObject({
      name: 'AccessDeniedException',
      status: 400,
    });
    expect(await errorOf(ssm.send(new GetParameterCommand({ Name: '/secret/key' })))).toMatchObject({
      name: 'AccessDeniedException',
    });
    const put = await ssm.send(new PutParameterCommand({ Name: '/app/new', Value: 'v1', Type: 'String' }));
    expect(put.Version).toBe(1);
    expect((await ssm.send(new GetParameterCommand({ Name: '/app/new' }))).Parameter).toMatchObject({
      Value: 'v1',
      Version: 1,
    });
    expect(await errorOf(ssm.send(new PutParameterCommand({ Name: '/app/new', Value: 'v2' })))).toMatchObject(
      { name: 'ParameterAlreadyExists' },
    );
    expect(
      (await ssm.send(new PutParameterCommand({ Name: '/app/new', Value: 'v2', Overwrite: true }))).Version,
    ).toBe(2);
    sim.setParameter('/app/new', 'v3');
    expect((await ssm.send(new GetParameterCommand({ Name: '/app/new' }))).Parameter!.Value).toBe('v3');
    expect(await errorOf(ssm.send(new GetParameterCommand({ Name: '/nope' })))).toMatchObject({
      name: 'ParameterNotFound',
    });
  });

  it('rejectCredentials makes every call fail like bad credentials', async () => {
    sim.setFaults({ rejectCredentials: 'expired' });
    expect(await errorOf(ssm.send(new DescribeInstanceInformationCommand({})))).toMatchObject({
      name: 'ExpiredTokenException',
      status: 400,
    });
    sim.setFaults({ rejectCredentials: 'invalid' });
    expect(
      await errorOf(
        ssm.send(new StartSessionCommand({ Target: 'i-0123456789abcdef0', DocumentName: PORT_DOC })),
      ),
    ).toMatchObject({ name: 'UnrecognizedClientException' });
    sim.setFaults({ rejectCredentials: undefined });
    await ssm.send(new DescribeInstanceInformationCommand({}));
    expect(sim.requestLog().map((e) => [e.operation, e.status])).toEqual([
      ['DescribeInstanceInformation', 400],
      ['StartSession', 400],
      ['DescribeInstanceInformation', 200],
    ]);
  });
});
