/**
 * The agent closing a target connection (client FIN in mux mode, DisconnectToPort in basic mode).
 * The real agent's writes are synchronous (Go `conn.Write` returns once the kernel has the bytes),
 * so everything the client sent before the FIN reaches the target before the close. Here writes
 * may still sit in the Node Writable (or a cork): stop reading at once — responses in flight are
 * lost, there is no half-close (§8.3) — but let the queued bytes drain before destroying.
 */
import type { Socket } from 'node:net';

export function closeAfterFlush(socket: Socket): void {
  socket.removeAllListeners('data');
  socket.pause();
  if (socket.destroyed) return;
  socket.end(() => socket.destroy());
}
