/**
 * Load generators over TCP (the target's command protocol, peerProtocol.ts) — used alike against
 * the target directly (raw TCP baseline) and through a tunnel's local port (the engine).
 */
import net from 'node:net';
import { Command, header } from './peerProtocol.js';

const CHUNK = Buffer.alloc(64 * 1024, 0x61);

export function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1', () => {
      c.off('error', reject);
      resolve(c);
    });
    c.setNoDelay(true);
    c.once('error', reject);
  });
}

function once(s: net.Socket, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let got = 0;
    const onData = (d: Buffer): void => {
      got += d.length;
      if (got >= n) {
        s.off('data', onData);
        s.off('close', onClose);
        resolve();
      }
    };
    const onClose = (): void => reject(new Error('connection closed before the answer'));
    s.on('data', onData);
    s.once('close', onClose);
  });
}

async function send(s: net.Socket, bytes: number): Promise<void> {
  for (let sent = 0; sent < bytes; sent += CHUNK.length) {
    const piece = bytes - sent >= CHUNK.length ? CHUNK : CHUNK.subarray(0, bytes - sent);
    if (!s.write(piece)) await new Promise((r) => s.once('drain', r));
  }
}

/**
 * One upload whose progress `onProgress(total)` is the bytes the local socket has handed to the
 * kernel — i.e. what the tunnel accepted (it stops reading while its window is full).
 */
export async function uploadWithProgress(
  port: number,
  bytes: number,
  onProgress: (total: number) => void,
): Promise<number> {
  const s = await connect(port);
  const t0 = performance.now();
  const answered = once(s, 1);
  s.write(header(Command.Upload, bytes));
  let done = 0;
  for (let sent = 0; sent < bytes; sent += CHUNK.length) {
    const piece = bytes - sent >= CHUNK.length ? CHUNK : CHUNK.subarray(0, bytes - sent);
    const ok = s.write(piece, () => onProgress((done += piece.length)));
    if (!ok) await new Promise((r) => s.once('drain', r));
  }
  await answered;
  const seconds = (performance.now() - t0) / 1000;
  s.destroy();
  return seconds;
}

/** `streams` connections each upload bytes/streams; resolves with seconds from the first byte to the last 'K'. */
export async function upload(port: number, bytes: number, streams = 1): Promise<number> {
  const per = Math.floor(bytes / streams);
  const socks = await Promise.all(Array.from({ length: streams }, () => connect(port)));
  const t0 = performance.now();
  await Promise.all(
    socks.map(async (s) => {
      const answered = once(s, 1);
      s.write(header(Command.Upload, per));
      await send(s, per);
      await answered;
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  for (const s of socks) s.destroy();
  return seconds;
}

/** `streams` connections each download bytes/streams; `onData(total)` sees the running total. */
export async function download(
  port: number,
  bytes: number,
  streams = 1,
  onData?: (total: number) => void,
): Promise<number> {
  const per = Math.floor(bytes / streams);
  const socks = await Promise.all(Array.from({ length: streams }, () => connect(port)));
  let total = 0;
  const t0 = performance.now();
  await Promise.all(
    socks.map((s) => {
      const p = new Promise<void>((resolve, reject) => {
        let got = 0;
        s.on('data', (d: Buffer) => {
          got += d.length;
          total += d.length;
          onData?.(total);
          if (got >= per) resolve();
        });
        s.once('close', () => (got >= per ? resolve() : reject(new Error('download cut short'))));
      });
      s.write(header(Command.Download, per));
      return p;
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  for (const s of socks) s.destroy();
  return seconds;
}

/** 1-byte echo round trips (ms), after `warmup` unrecorded ones. */
export async function echo(port: number, pings: number, warmup = 20): Promise<number[]> {
  const s = await connect(port);
  s.write(header(Command.Echo));
  const rtts: number[] = [];
  const one = Buffer.from([0x2a]);
  for (let i = 0; i < warmup + pings; i++) {
    const answered = once(s, 1);
    const t = performance.now();
    s.write(one);
    await answered;
    if (i >= warmup) rtts.push(performance.now() - t);
  }
  s.destroy();
  return rtts;
}

/** ms from starting a TCP connect to receiving the target's first byte ('F' command). */
export async function firstByte(port: number): Promise<number> {
  const t = performance.now();
  const s = await connect(port);
  const answered = once(s, 1);
  s.write(header(Command.FirstByte));
  await answered;
  const ms = performance.now() - t;
  s.destroy();
  return ms;
}
