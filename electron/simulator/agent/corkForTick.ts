/**
 * The simulator's own write batching (it may import from the engine only protocol, mux and ports):
 * cork a socket on the first write of a tick, uncork from `process.nextTick`, so the many small
 * writes of one tick (a target write per 1 KiB message, a WebSocket frame per message and ack) reach
 * the kernel as one writev instead of one syscall each — the top self-time entry in the profile.
 */
import type { Socket } from 'node:net';

const corked = new WeakSet<Socket>();

function uncork(socket: Socket): void {
  corked.delete(socket);
  socket.uncork();
}

export function corkForTick(socket: Socket): void {
  if (corked.has(socket)) return;
  corked.add(socket);
  socket.cork();
  process.nextTick(uncork, socket);
}
