/**
 * Discovery, preflight and session preferences against the real simulator (SSM API + fake STS/EC2 on
 * one port), with the real SDK clients from createAwsContext.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAwsContext, type AwsContext } from '../../../electron/engine/aws/clientFactory.js';
import { listManagedNodes } from '../../../electron/engine/aws/discovery.js';
import { runPreflight, type PreflightCheck } from '../../../electron/engine/aws/preflight.js';
import { readSessionPreferences } from '../../../electron/engine/aws/sessionPreferences.js';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';

let sim: Simulator;
let ctx: AwsContext;
const servers: Server[] = [];

const staticCreds = () => Promise.resolve({ accessKeyId: 'AKIASIM', secretAccessKey: 'secret' });

beforeAll(async () => {
  sim = await startSimulator({
    sessionPreferences: { idleTimeoutMinutes: 15, maxSessionDurationMinutes: 120 },
  });
  ctx = createAwsContext({
    simulatorEndpoint: sim.endpoint,
    region: 'us-east-1',
    credentials: staticCreds,
    env: {},
  });
});

afterEach(async () => {
  sim.setFaults({ rejectCredentials: undefined });
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

afterAll(async () => {
  ctx.destroy();
  await sim.close();
});

function byId(checks: PreflightCheck[], id: string): PreflightCheck {
  const c = checks.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no check ${id}: ${JSON.stringify(checks)}`);
  return c;
}

const base = {
  target: 'i-0123456789abcdef0',
  remotePort: 5432,
  bind: '127.0.0.1',
  localPort: 0,
  document: 'AWS-StartPortForwardingSession',
};

describe('discovery', () => {
  it('lists every managed node with EC2 Name tags, online first', async () => {
    const nodes = await listManagedNodes(ctx);
    expect(nodes.map((n) => n.instanceId).sort()).toEqual(
      sim
        .instances()
        .map((i) => i.instanceId)
        .sort(),
    );
    const web = nodes.find((n) => n.instanceId === 'i-0123456789abcdef0');
    expect(web).toMatchObject({
      name: 'web-1',
      pingStatus: 'Online',
      platformType: 'Linux',
      ipAddress: '10.0.1.10',
    });
    expect(web?.tags).toMatchObject({ env: 'dev' });
    expect(nodes.at(-1)?.pingStatus).not.toBe('Online');
  });

  it('pages through more nodes than one page holds', async () => {
    for (let i = 0; i < 60; i++)
      sim.setInstance({
        instanceId: `mi-${String(i).padStart(17, '0')}`,
        computerName: `onprem-${i}`,
        platformType: 'Linux',
        pingStatus: 'Online',
        agentVersion: '3.3.1142.0',
      });
    const nodes = await listManagedNodes(ctx, { query: 'onprem' });
    expect(nodes).toHaveLength(60);
    expect(nodes[0]?.name).toBeUndefined();
    expect(nodes.some((n) => n.computerName === 'onprem-59')).toBe(true);
  });

  it('filters by a query over name, platform and tags', async () => {
    expect((await listManagedNodes(ctx, { query: 'windows' })).map((n) => n.name)).toEqual(['win-rdp']);
    expect((await listManagedNodes(ctx, { query: 'env=prod' })).map((n) => n.name)).toEqual(['win-rdp']);
  });

  it('expired credentials surface as CREDENTIALS_EXPIRED', async () => {
    sim.setFaults({ rejectCredentials: 'expired' });
    await expect(listManagedNodes(ctx)).rejects.toMatchObject({
      code: 'CREDENTIALS_EXPIRED',
      needsLogin: true,
    });
  });
});

describe('session preferences', () => {
  it('reads idle timeout and max duration from SSM-SessionManagerRunShell', async () => {
    expect(await readSessionPreferences(ctx)).toMatchObject({
      source: 'document',
      idleTimeoutMinutes: 15,
      maxSessionDurationMinutes: 120,
    });
  });
});

describe('preflight', () => {
  it('passes every check for an online modern target', async () => {
    const checks = await runPreflight(ctx, base);
    expect(checks.map((c) => [c.id, c.ok])).toEqual([
      ['credentials', true],
      ['target', true],
      ['agent-version', true],
      ['document', true],
      ['local-port', true],
      ['preferences', true],
    ]);
    expect(byId(checks, 'credentials').message).toContain('arn:aws:iam::123456789012:user/simuser');
    // the probe session was terminated again
    expect(sim.sessions().filter((s) => s.status !== 'Terminated' && s.status !== 'Failed')).toHaveLength(0);
  });

  it('bad credentials: the credentials check fails, AWS checks are skipped', async () => {
    sim.setFaults({ rejectCredentials: 'invalid' });
    const checks = await runPreflight(ctx, base);
    expect(byId(checks, 'credentials')).toMatchObject({ ok: false, error: { code: 'CREDENTIALS_INVALID' } });
    expect(byId(checks, 'target')).toMatchObject({ ok: false, skipped: true });
    expect(byId(checks, 'document')).toMatchObject({ ok: false, skipped: true });
  });

  it('unknown target is TARGET_NOT_FOUND naming the region', async () => {
    const checks = await runPreflight(ctx, { ...base, target: 'i-0fffffffffffffff9' });
    expect(byId(checks, 'target')).toMatchObject({ ok: false, error: { code: 'TARGET_NOT_FOUND' } });
    expect(byId(checks, 'target').message).toBe('i-0fffffffffffffff9 is not a managed node in us-east-1.');
  });

  it('offline target is TARGET_NOT_CONNECTED with its ping status', async () => {
    const checks = await runPreflight(ctx, { ...base, target: 'i-0ccccccccccccccc3' });
    expect(byId(checks, 'target')).toMatchObject({ ok: false, error: { code: 'TARGET_NOT_CONNECTED' } });
    expect(byId(checks, 'target').message).toMatch(/^i-0ccccccccccccccc3 is ConnectionLost/);
    expect(byId(checks, 'document').skipped).toBe(true);
  });

  it('old agent: remote host forwarding is AGENT_TOO_OLD; plain forwarding warns about basic mode', async () => {
    const remote = await runPreflight(ctx, {
      ...base,
      target: 'i-0aaaaaaaaaaaaaaa1',
      host: 'db.internal',
      document: 'AWS-StartPortForwardingSessionToRemoteHost',
    });
    expect(byId(remote, 'agent-version')).toMatchObject({ ok: false, error: { code: 'AGENT_TOO_OLD' } });
    const plain = await runPreflight(ctx, { ...base, target: 'i-0aaaaaaaaaaaaaaa1' });
    expect(byId(plain, 'agent-version')).toMatchObject({ ok: true, warning: true });
    expect(byId(plain, 'agent-version').message).toContain('one connection at a time');
  });

  it('a document the target does not allow is INVALID_DOCUMENT', async () => {
    sim.setInstance({
      ...sim.instances()[0]!,
      instanceId: 'i-0dddddddddddddd04',
      allowedDocuments: ['AWS-StartSSHSession'],
    });
    const checks = await runPreflight(ctx, { ...base, target: 'i-0dddddddddddddd04' });
    expect(byId(checks, 'document')).toMatchObject({ ok: false, error: { code: 'INVALID_DOCUMENT' } });
  });

  it('local port in use is PORT_IN_USE naming this process', async () => {
    const holder = createServer();
    servers.push(holder);
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as { port: number }).port;
    const checks = await runPreflight(ctx, { ...base, localPort: port, probeSession: false });
    const c = byId(checks, 'local-port');
    expect(c).toMatchObject({ ok: false, error: { code: 'PORT_IN_USE', detail: { port } } });
    if (process.platform === 'linux') {
      expect(c.error?.detail?.['pid']).toBe(process.pid);
      expect(c.message).toContain(`(pid ${process.pid})`);
    }
  });

  it('an address that is not local is BIND_FAILED', async () => {
    const checks = await runPreflight(ctx, {
      ...base,
      bind: '192.0.2.1',
      localPort: 8080,
      probeSession: false,
    });
    expect(byId(checks, 'local-port')).toMatchObject({ ok: false, error: { code: 'BIND_FAILED' } });
  });
});
