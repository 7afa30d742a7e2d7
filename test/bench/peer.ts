/**
 * The bench's far side, run as a CHILD process so the measured side (the engine, or a raw client)
 * and the side it talks to each get their own process — on a 2-core box that is the only fair way
 * to compare the engine with raw loopback baselines.
 *
 * It hosts: the simulator (gateway + agent), a TCP target server and a raw WebSocket server, both
 * speaking the tiny command protocol in peerProtocol.ts. Prints one JSON line
 * `{"event":"ready","endpoint","targetPort","wsPort"}`, then answers JSON-line commands on stdin:
 * `{"id":1,"cmd":"faults","patch":{…}}`, `{"id":2,"cmd":"drop"}`, `{"id":3,"cmd":"cpu"}`,
 * `{"id":4,"cmd":"sessions"}`, `{"id":5,"cmd":"quit"}`.
 *
 * Usage: node --import tsx test/bench/peer.ts [--agent-resend bulk|oldest]
 */
import net from 'node:net';
import { createInterface } from 'node:readline';
import { WebSocketServer, type WebSocket } from 'ws';
import { startSimulator, type FaultConfig } from '../../electron/simulator/simulator.js';
import { Command, HEADER_BYTES, readHeader } from './peerProtocol.js';

const CHUNK = Buffer.alloc(64 * 1024, 0x5a);
const MSG = Buffer.alloc(1024, 0x5a);

/** Sends `n` bytes in 64 KiB writes, honouring back-pressure. */
function pump(s: net.Socket, n: number): void {
  let left = n;
  const go = (): void => {
    while (left > 0 && !s.destroyed) {
      const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
      left -= piece.length;
      if (!s.write(piece)) return void s.once('drain', go);
    }
  };
  go();
}

function targetServer(): net.Server {
  return net.createServer((s) => {
    s.setNoDelay(true);
    s.on('error', () => {});
    let header: Buffer = Buffer.alloc(0);
    let mode: 'header' | 'sink' | 'echo' | 'idle' = 'header';
    let sinkLeft = 0;
    const onBytes = (d: Buffer): void => {
      if (mode === 'echo') return void s.write(d);
      if (mode === 'sink') {
        sinkLeft -= d.length;
        if (sinkLeft <= 0) {
          mode = 'idle';
          s.write(Buffer.from('K'));
        }
        return;
      }
      if (mode !== 'header') return;
      header = header.length === 0 ? d : Buffer.concat([header, d]);
      if (header.length < HEADER_BYTES) return;
      const h = readHeader(header);
      const rest = header.subarray(HEADER_BYTES);
      header = Buffer.alloc(0);
      switch (h.cmd) {
        case Command.Upload:
          mode = 'sink';
          sinkLeft = h.n;
          if (rest.length > 0) onBytes(rest);
          else if (sinkLeft <= 0) onBytes(Buffer.alloc(0));
          return;
        case Command.Download:
          mode = 'idle';
          return pump(s, h.n);
        case Command.Echo:
          mode = 'echo';
          if (rest.length > 0) s.write(rest);
          return;
        case Command.FirstByte:
          mode = 'echo';
          s.write(Buffer.from('F'));
          return;
        default:
          s.destroy();
      }
    };
    s.on('data', onBytes);
  });
}

/** Raw WebSocket peer: the same commands, first message = header, data in 1 KiB binary messages. */
function wsServer(wss: WebSocketServer): void {
  wss.on('connection', (ws: WebSocket) => {
    let mode: 'header' | 'sink' | 'echo' = 'header';
    let sinkLeft = 0;
    ws.on('message', (d: Buffer) => {
      if (mode === 'echo') return void ws.send(d);
      if (mode === 'sink') {
        sinkLeft -= d.length;
        if (sinkLeft <= 0) {
          mode = 'echo';
          ws.send(Buffer.from('K'));
        }
        return;
      }
      const h = readHeader(d);
      if (h.cmd === Command.Upload) {
        mode = 'sink';
        sinkLeft = h.n;
      } else if (h.cmd === Command.Echo) mode = 'echo';
      else if (h.cmd === Command.Download) wsDownload(ws, h.n, false);
      else if (h.cmd === Command.PacedDownload) wsDownload(ws, h.n, true);
    });
    ws.on('error', () => {});
  });
}

/**
 * Sends `n` bytes as 1 KiB messages. Unpaced: keeps ≤ 4 MiB queued in the socket. Paced: exactly the
 * agent's read loop (one 1 KiB message, then a 1 ms sleep) — the pacing limit of the protocol.
 */
function wsDownload(ws: WebSocket, n: number, paced: boolean): void {
  let left = n;
  let inFlight = 0;
  const HIGH = 4 * 1024 * 1024;
  const go = (): void => {
    while (left > 0 && ws.readyState === ws.OPEN) {
      const m = left >= MSG.length ? MSG : MSG.subarray(0, left);
      left -= m.length;
      inFlight += m.length;
      ws.send(m, () => {
        inFlight -= m.length;
        if (!paced && inFlight <= HIGH / 2 && waiting) {
          waiting = false;
          go();
        }
      });
      if (paced) return void setTimeout(go, 1);
      if (inFlight > HIGH) {
        waiting = true;
        return;
      }
    }
  };
  let waiting = false;
  go();
}

async function main(): Promise<void> {
  const resendArg = process.argv.indexOf('--agent-resend');
  const agentResend = resendArg > 0 && process.argv[resendArg + 1] === 'oldest' ? 'oldest' : 'bulk';
  const sim = await startSimulator({ agentResend });
  const target = targetServer();
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((r) => wss.once('listening', r));
  wsServer(wss);
  const out = (o: unknown): void => void process.stdout.write(JSON.stringify(o) + '\n');
  out({
    event: 'ready',
    endpoint: sim.endpoint,
    targetPort: (target.address() as net.AddressInfo).port,
    wsPort: (wss.address() as net.AddressInfo).port,
  });
  const rl = createInterface({ input: process.stdin });
  const quit = async (): Promise<void> => {
    rl.close();
    for (const c of wss.clients) c.terminate();
    wss.close();
    target.close();
    await sim.close();
    process.exit(0);
  };
  rl.on('line', (line) => {
    const m = JSON.parse(line) as { id: number; cmd: string; patch?: Partial<FaultConfig> };
    switch (m.cmd) {
      case 'faults':
        sim.setFaults(m.patch ?? {});
        return out({ id: m.id, result: sim.faults });
      case 'drop':
        return out({ id: m.id, result: sim.dropDataChannels() });
      case 'cpu':
        return out({ id: m.id, result: process.cpuUsage() });
      case 'sessions':
        return out({ id: m.id, result: sim.sessions() });
      case 'quit':
        out({ id: m.id, result: true });
        return void quit();
      default:
        return out({ id: m.id, error: `unknown command ${m.cmd}` });
    }
  });
  rl.on('close', () => void quit());
}

await main();
