/**
 * Write batching for sockets that receive many small writes in one turn of the event loop (one
 * data-channel message per ≤ 1 KiB, one ack per message): the socket is corked on the first write of
 * tick and uncorked from `process.nextTick` (once the current synchronous work is done), so Node
 * hands the kernel one writev() instead of one write() per message. The profile before this showed writeBuffer /
 * writev as the top self-time entries (~25 % of the bench's CPU). Latency is unchanged: the uncork
 * happens before the event loop polls again.
 *
 * Plumbing, not protocol behaviour, so it sits with the ports: the simulator (which may reuse only the
 * engine's codec and ports) batches its target writes and WebSocket frames with the same helper.
 */
import type { Socket } from 'node:net';

const corked = new WeakSet<Socket>();

function uncork(socket: Socket): void {
  corked.delete(socket);
  socket.uncork();
}

/** Corks `socket` until the end of the current tick (idempotent within a tick). */
export function corkForTick(socket: Socket): void {
  if (corked.has(socket)) return;
  corked.add(socket);
  socket.cork();
  process.nextTick(uncork, socket);
}
