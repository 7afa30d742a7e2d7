/**
 * The raw WebSocket baseline's client: 1 KiB binary messages (the data channel's payload size) to
 * the peer's WebSocket server in the child process — the practical ceiling for this protocol.
 */
import { WebSocket } from 'ws';
import { Command, header, type CommandValue } from './peerProtocol.js';

const MSG = Buffer.alloc(1024, 0x61);
const HIGH_WATER = 4 * 1024 * 1024;

function open(port: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function answered(ws: WebSocket, bytes: number): Promise<void> {
  return new Promise((resolve) => {
    let got = 0;
    const on = (d: Buffer): void => {
      got += d.length;
      if (got >= bytes) {
        ws.off('message', on);
        resolve();
      }
    };
    ws.on('message', on);
  });
}

export async function wsUpload(port: number, bytes: number, streams = 1): Promise<number> {
  const per = Math.floor(bytes / streams);
  const socks = await Promise.all(Array.from({ length: streams }, () => open(port)));
  const t0 = performance.now();
  await Promise.all(
    socks.map(async (ws) => {
      const done = answered(ws, 1);
      ws.send(header(Command.Upload, per));
      for (let sent = 0; sent < per; sent += MSG.length) {
        ws.send(per - sent >= MSG.length ? MSG : MSG.subarray(0, per - sent));
        if (ws.bufferedAmount > HIGH_WATER) await new Promise((r) => setImmediate(r));
      }
      await done;
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  for (const ws of socks) ws.terminate();
  return seconds;
}

export async function wsDownload(port: number, bytes: number, streams = 1, paced = false): Promise<number> {
  const per = Math.floor(bytes / streams);
  const socks = await Promise.all(Array.from({ length: streams }, () => open(port)));
  const t0 = performance.now();
  const cmd: CommandValue = paced ? Command.PacedDownload : Command.Download;
  await Promise.all(
    socks.map((ws) => {
      const done = answered(ws, per);
      ws.send(header(cmd, per));
      return done;
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  for (const ws of socks) ws.terminate();
  return seconds;
}

export async function wsEcho(port: number, pings: number, warmup = 20): Promise<number[]> {
  const ws = await open(port);
  ws.send(header(Command.Echo));
  const rtts: number[] = [];
  const one = Buffer.from([0x2a]);
  for (let i = 0; i < warmup + pings; i++) {
    const done = answered(ws, 1);
    const t = performance.now();
    ws.send(one);
    await done;
    if (i >= warmup) rtts.push(performance.now() - t);
  }
  ws.terminate();
  return rtts;
}
