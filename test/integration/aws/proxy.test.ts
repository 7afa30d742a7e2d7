/**
 * API calls and the data-channel WebSocket both go through the proxy from the environment. The
 * simulator speaks plain http/ws, which curl conventions route through HTTP_PROXY; https/wss use
 * HTTPS_PROXY (unit-tested in proxy.test.ts). Both are tunnelled with CONNECT by the same agent.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { StartSessionCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAwsContext } from '../../../electron/engine/aws/clientFactory.js';
import { listManagedNodes } from '../../../electron/engine/aws/discovery.js';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';

let sim: Simulator;
let proxy: Server;
let proxyUrl: string;
const tunnels: string[] = [];
const sockets = new Set<Socket>();

beforeAll(async () => {
  sim = await startSimulator();
  proxy = createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => proxy.close(r));
  await sim.close();
});

describe('proxy from the environment', () => {
  it('tunnels SDK calls and the WebSocket upgrade through CONNECT', async () => {
    const ctx = createAwsContext({
      simulatorEndpoint: sim.endpoint,
      region: 'us-east-1',
      env: { HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl },
      credentials: () => Promise.resolve({ accessKeyId: 'AKIAPROXY', secretAccessKey: 's' }),
    });
    try {
      const simHostPort = sim.endpoint.replace('http://', '');
      const before = sim.requestLog().length;
      await ctx.sts().send(new GetCallerIdentityCommand({}));
      await listManagedNodes(ctx);
      expect(tunnels.length).toBeGreaterThanOrEqual(1);
      expect(new Set(tunnels)).toEqual(new Set([simHostPort]));
      expect(sim.requestLog().length).toBeGreaterThan(before);

      const out = await ctx.ssm.send(
        new StartSessionCommand({
          Target: 'i-0123456789abcdef0',
          DocumentName: 'AWS-StartPortForwardingSession',
        }),
      );
      const agent = ctx.agentFor(out.StreamUrl!);
      expect(agent).toBeDefined();
      const tunnelsBefore = tunnels.length;
      const ws = new WebSocket(out.StreamUrl!, { agent: agent!, perMessageDeflate: false });
      await new Promise<void>((resolve, reject) => {
        ws.on('open', () => resolve());
        ws.on('error', reject);
      });
      ws.close();
      expect(tunnels.length).toBe(tunnelsBefore + 1);
    } finally {
      ctx.destroy();
    }
  });

  it('NO_PROXY keeps loopback traffic direct', async () => {
    const ctx = createAwsContext({
      simulatorEndpoint: sim.endpoint,
      region: 'us-east-1',
      env: { HTTP_PROXY: proxyUrl, NO_PROXY: 'localhost,127.0.0.1' },
      credentials: () => Promise.resolve({ accessKeyId: 'AKIAPROXY', secretAccessKey: 's' }),
    });
    try {
      const before = tunnels.length;
      await ctx.sts().send(new GetCallerIdentityCommand({}));
      expect(tunnels.length).toBe(before);
      expect(ctx.agentFor(`${sim.endpoint.replace('http', 'ws')}/x`)).toBeUndefined();
    } finally {
      ctx.destroy();
    }
  });
});
