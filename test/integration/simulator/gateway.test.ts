/** The data-channel gateway: token rules, upgrade authentication, pings, resume, drops and endings. */
import { randomUUID } from 'node:crypto';
import { ResumeSessionCommand, StartSessionCommand, TerminateSessionCommand } from '@aws-sdk/client-ssm';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startSimulator,
  type Simulator,
  type StartSimulatorOptions,
} from '../../../electron/simulator/simulator.js';
import { ssmClient, startEcho, type EchoServer } from './helpers.js';
import { parseMessage, RawClient } from './rawClient.js';
import { sendStream, smux } from './rawSmux.js';

let sim: Simulator;
let echo: EchoServer;
const clients: RawClient[] = [];
const sockets: WebSocket[] = [];

async function setup(opts: StartSimulatorOptions = {}): Promise<void> {
  sim = await startSimulator(opts);
  echo = await startEcho();
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of sockets.splice(0)) s.terminate();
  await sim.close();
  await echo.close();
});

async function start(): Promise<{ SessionId: string; TokenValue: string; StreamUrl: string }> {
  const out = await ssmClient(sim.endpoint).send(
    new StartSessionCommand({
      Target: 'i-0123456789abcdef0',
      DocumentName: 'AWS-StartPortForwardingSession',
      Parameters: { portNumber: [String(echo.port)] },
    }),
  );
  return { SessionId: out.SessionId!, TokenValue: out.TokenValue!, StreamUrl: out.StreamUrl! };
}

function rawSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false, headers });
  sockets.push(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

function tokenFrame(token: string): string {
  return JSON.stringify({
    MessageSchemaVersion: '1.0',
    RequestId: randomUUID(),
    TokenValue: token,
    ClientId: randomUUID(),
    ClientVersion: '1.2.677.0',
  });
}

async function connected(): Promise<{ c: RawClient; s: Awaited<ReturnType<typeof start>> }> {
  const s = await start();
  const c = new RawClient();
  clients.push(c);
  await c.connect(s.StreamUrl, s.TokenValue);
  await c.waitFor(() => c.handshakeComplete, 'handshake');
  return { c, s };
}

describe('simulator gateway', () => {
  it('rejects a bad token, a reused token and a binary first frame with distinct close codes', async () => {
    await setup();
    const s = await start();
    const bad = await rawSocket(s.StreamUrl);
    bad.send(tokenFrame('not-a-token'));
    expect(await closeOf(bad)).toEqual({ code: 4001, reason: 'invalid token' });
    const good = await rawSocket(s.StreamUrl);
    good.send(tokenFrame(s.TokenValue));
    await new Promise<void>((r) => good.once('message', () => r())); // HandshakeRequest arrives
    const reuse = await rawSocket(s.StreamUrl);
    reuse.send(tokenFrame(s.TokenValue));
    expect(await closeOf(reuse)).toEqual({ code: 4003, reason: 'token already used' });
    const binary = await rawSocket(s.StreamUrl);
    binary.send(Buffer.from([1, 2, 3]));
    expect((await closeOf(binary)).code).toBe(4000);
  });

  it('rejects a StreamUrl whose cell-number was re-encoded (it must be dialled verbatim)', async () => {
    await setup();
    const s = await start();
    const reencoded = s.StreamUrl.replace(/\+/g, '%2B').replace(/\//g, (c, i: number) =>
      i > s.StreamUrl.indexOf('?') ? '%2F' : c,
    );
    expect(reencoded).not.toBe(s.StreamUrl);
    await expect(rawSocket(reencoded)).rejects.toThrow('HTTP 400');
    const stripped = s.StreamUrl.slice(0, s.StreamUrl.indexOf('?'));
    await expect(rawSocket(stripped)).rejects.toThrow('HTTP 400');
    const ok = await rawSocket(s.StreamUrl);
    ok.send(tokenFrame(s.TokenValue));
    await new Promise<void>((r) => ok.once('message', () => r()));
  });

  it('rejects expired tokens', async () => {
    await setup({ tokenTtlMs: -1 }); // every token is born expired
    const s = await start();
    const ws = await rawSocket(s.StreamUrl);
    ws.send(tokenFrame(s.TokenValue));
    expect(await closeOf(ws)).toEqual({ code: 4002, reason: 'token expired' });
  });

  it('runs the upgradeAuthenticator and answers pings', async () => {
    await setup({
      upgradeAuthenticator: (req) =>
        req.headers['authorization'] === 'AWS4-HMAC-SHA256 ok'
          ? { ok: true }
          : { ok: false, reason: 'bad signature' },
    });
    const s = await start();
    await expect(rawSocket(s.StreamUrl)).rejects.toThrow('HTTP 403');
    const ws = await rawSocket(s.StreamUrl, { Authorization: 'AWS4-HMAC-SHA256 ok' });
    const pong = new Promise<string>((r) => ws.once('pong', (d) => r(d.toString())));
    ws.ping('keepalive');
    expect(await pong).toBe('keepalive');
  });

  it('resumes after a drop: sequence numbers continue and un-acked output is resent on the new socket', async () => {
    await setup();
    const { c, s } = await connected();
    sendStream(c, Buffer.concat([smux.syn(3), smux.psh(3, Buffer.from('before'))]));
    await c.waitFor(() => smux.streamData(c.output, 3).toString() === 'before', 'echo before');
    const closed = new Promise((r) => c.once('close', r));
    expect(sim.dropDataChannels()).toBe(1);
    await closed;
    expect(c.closeInfo).toEqual({ code: 1000, reason: 'Bye' });
    expect(sim.sessions()[0]).toMatchObject({ status: 'Disconnected', clientConnected: false });
    // While nobody is connected the target sends: the agent (paused by MGS) buffers it.
    for (const t of echo.sockets) t.write('-pushed');
    const r = await ssmClient(sim.endpoint).send(new ResumeSessionCommand({ SessionId: s.SessionId }));
    await c.connect(s.StreamUrl, r.TokenValue!); // the ORIGINAL url, like the plugin
    sendStream(c, smux.psh(3, Buffer.from('-after')));
    await c.waitFor(
      () => smux.streamData(c.output, 3).toString() === 'before-pushed-after',
      'echo after resume',
    );
    expect(sim.sessions()[0]).toMatchObject({ status: 'Connected', clientConnected: true, resumes: 1 });
    const seqs = c.received.filter((m) => m.type === 'output_stream_data').map((m) => m.seq);
    expect(Math.max(...seqs)).toBe(new Set(seqs).size - 1); // continuous numbering, no reset
  });

  it('TerminateSession API sends channel_closed with HeaderLength 112 and a NUL-padded type', async () => {
    await setup();
    const { c, s } = await connected();
    await ssmClient(sim.endpoint).send(new TerminateSessionCommand({ SessionId: s.SessionId }));
    await c.waitFor(() => c.channelClosed !== undefined && c.closeInfo !== undefined, 'channel_closed');
    const raw = c.received.find((m) => m.type === 'channel_closed')!;
    expect(raw.headerLength).toBe(112);
    expect(c.channelClosed).toMatchObject({
      SessionId: s.SessionId,
      MessageType: 'channel_closed',
      DestinationId: 'i-0123456789abcdef0',
    });
    expect(sim.sessions()[0]!.status).toBe('Terminated');
  });

  it('the TerminateSession flag makes the agent end the session', async () => {
    await setup();
    const { c } = await connected();
    c.sendInput(10, Buffer.from([0, 0, 0, 2]));
    await c.waitFor(() => c.channelClosed !== undefined, 'channel_closed');
    expect(sim.sessions()[0]!.status).toBe('Terminated');
  });

  it('endSession delivers the given Output; the bytes on the wire are NUL padded', async () => {
    await setup();
    const { c, s } = await connected();
    const frames: Buffer[] = [];
    c.ws.on('message', (d: Buffer) => frames.push(d));
    sim.endSession(s.SessionId, 'bye now');
    await c.waitFor(() => c.channelClosed !== undefined, 'channel_closed');
    expect(c.channelClosed!['Output']).toBe('bye now');
    const f = frames.find((b) => parseMessage(b).type === 'channel_closed')!;
    expect(f.subarray(4 + 'channel_closed'.length, 36).every((b) => b === 0)).toBe(true);
  });
});

describe('simulator agent handshake failures', () => {
  it('a client that never answers the HandshakeRequest fails the session after the handshake timeout', async () => {
    await setup({ handshakeTimeoutMs: 300 });
    const s = await start();
    const ws = await rawSocket(s.StreamUrl);
    const frames: Buffer[] = [];
    ws.on('message', (d: Buffer) => frames.push(d));
    ws.send(tokenFrame(s.TokenValue));
    await closeOf(ws);
    const closed = frames.map(parseMessage).find((m) => m.type === 'channel_closed')!;
    expect(JSON.parse(closed.payload.toString())).toMatchObject({
      Output:
        'Handshake timed out. Please ensure that you have the latest version of the session manager plugin.',
    });
    expect(sim.sessions()[0]!.status).toBe('Failed');
  });

  it('a failed SessionType action cancels the session', async () => {
    await setup();
    const s = await start();
    const c = new (class extends RawClient {
      override sendInput(payloadType: number, payload: Buffer): number {
        if (payloadType !== 6) return super.sendInput(payloadType, payload);
        const resp = {
          ClientVersion: '1.2.677.0',
          ProcessedClientActions: [{ ActionType: 'SessionType', ActionStatus: 2 }],
          Errors: ['no'],
        };
        return super.sendInput(6, Buffer.from(JSON.stringify(resp)));
      }
    })();
    clients.push(c);
    await c.connect(s.StreamUrl, s.TokenValue);
    await c.waitFor(() => c.channelClosed !== undefined, 'channel_closed');
    expect(c.handshakeComplete).toBe(false);
    expect(sim.sessions()[0]!.status).toBe('Failed');
  });
});
