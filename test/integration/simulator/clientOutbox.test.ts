/**
 * The gateway's bounded send side: at most the high-water mark is handed to the socket unflushed,
 * the rest waits in order, `whenFlushed` runs after the queue is handed over, and `close()`
 * discards what never left (the agent resends it after a resume).
 */
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { ClientOutbox } from '../../../electron/simulator/service/clientOutbox.js';

let wss: WebSocketServer | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  if (wss !== undefined) await new Promise((r) => wss!.close(r));
  wss = undefined;
});

async function pair(): Promise<{ server: WebSocket; client: WebSocket }> {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await once(wss, 'listening');
  const port = (wss.address() as { port: number }).port;
  const accepted = once(wss, 'connection');
  const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  const [server] = (await accepted) as [WebSocket];
  await once(client, 'open');
  sockets.push(server, client);
  return { server, client };
}

describe('ClientOutbox', () => {
  it('keeps order, bounds what is handed to the socket and reports when flushed', async () => {
    const { server, client } = await pair();
    let handed = 0;
    const box = new ClientOutbox(server, (n) => (handed += n), 64 * 1024);
    const frames = Array.from({ length: 400 }, (_, i) => Buffer.alloc(4096, i % 251));
    const received: Buffer[] = [];
    const all = new Promise<void>((resolve) =>
      client.on('message', (d: Buffer) => {
        received.push(d);
        if (received.length === frames.length) resolve();
      }),
    );
    for (const f of frames) box.send(f);
    // 64 KiB of 4 KiB frames may leave at once; the other ~380 wait in the outbox.
    expect(handed).toBeLessThanOrEqual(64 * 1024 + 4096);
    expect(box.queuedFrames).toBeGreaterThan(300);
    let flushedAt = -1;
    box.whenFlushed(() => (flushedAt = handed));
    await all;
    expect(flushedAt).toBe(400 * 4096);
    expect(received.map((b) => b[0])).toEqual(frames.map((_, i) => i % 251));
  });

  it('close() discards what never left, runs pending callbacks and refuses later frames', async () => {
    const { server } = await pair();
    const box = new ClientOutbox(server, () => {}, 8 * 1024);
    for (let i = 0; i < 50; i++) box.send(Buffer.alloc(4096));
    const queued = box.queuedFrames;
    expect(queued).toBeGreaterThan(40);
    let ran = false;
    box.whenFlushed(() => (ran = true));
    box.close();
    expect(ran).toBe(true);
    expect(box.discarded).toBe(queued);
    box.send(Buffer.alloc(1));
    expect(box.queuedFrames).toBe(0);
  });

  it('asks the agent to stop producing above 1 MiB queued and to go on below 256 KiB', async () => {
    const { server, client } = await pair();
    const seen: boolean[] = [];
    const box = new ClientOutbox(
      server,
      () => {},
      64 * 1024,
      (busy) => seen.push(busy),
    );
    let received = 0;
    const total = 6 * 1024 * 1024;
    const all = new Promise<void>((resolve) =>
      client.on('message', (d: Buffer) => {
        received += d.length;
        if (received >= total) resolve();
      }),
    );
    for (let i = 0; i < total / 16384; i++) box.send(Buffer.alloc(16384));
    expect(seen).toEqual([true]);
    await all;
    expect(seen).toEqual([true, false]);
  });
});
