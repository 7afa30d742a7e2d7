/**
 * Local connections that arrived before a session was ready: held (paused, not refused) until one
 * is, each for at most `holdTimeoutMs`, after which it is closed (the tunnel logs why).
 */
import type { Socket } from 'node:net';
import type { Clock, TimerHandle } from '../ports/clock.js';

export class HeldConnections {
  private readonly held = new Map<Socket, TimerHandle>();

  constructor(
    private readonly clock: Clock,
    private readonly holdTimeoutMs: number,
    private readonly onExpired: (socket: Socket) => void,
  ) {}

  get size(): number {
    return this.held.size;
  }

  hold(socket: Socket): void {
    socket.pause();
    socket.on('error', () => {});
    const timer = this.clock.setTimer(() => {
      this.held.delete(socket);
      socket.destroy();
      this.onExpired(socket);
    }, this.holdTimeoutMs);
    this.held.set(socket, timer);
    socket.once('close', () => this.forget(socket));
  }

  /** Hands every live held connection to `attach` (in arrival order). */
  releaseAll(attach: (socket: Socket) => void): void {
    const all = [...this.held.keys()];
    this.clearAll();
    for (const socket of all) if (!socket.destroyed) attach(socket);
  }

  /** Closes every held connection; returns how many there were. */
  failAll(): number {
    const all = [...this.held.keys()];
    this.clearAll();
    for (const socket of all) socket.destroy();
    return all.length;
  }

  private forget(socket: Socket): void {
    const t = this.held.get(socket);
    if (t !== undefined) this.clock.clearTimer(t);
    this.held.delete(socket);
  }

  private clearAll(): void {
    for (const t of this.held.values()) this.clock.clearTimer(t);
    this.held.clear();
  }
}
