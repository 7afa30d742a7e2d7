/**
 * Agent basic (non-mux) port forwarding (§8.4), for LocalPortForwarding with old agents/clients:
 * - dial the target once right after the handshake; failure ends the session (text → channel_closed);
 * - target bytes → Output PT 1; client PT 1 → target;
 * - Flag DisconnectToPort (1): close the target connection; the NEXT client PT 1 re-dials before it
 *   is written (server-first protocols look dead on the 2nd connection — faithful, §15.9);
 * - remote close is not signalled to the client (LocalPortForwarding).
 * While a (re-)dial is in progress input is "not ready" (no ack, the client resends).
 * Without LocalPortForwarding (AWS-StartSSHSession, "sshd semantics") target EOF ends the session.
 */
import type { Socket } from 'node:net';
import { corkForTick } from '../../engine/ports/corkForTick.js';
import { closeAfterFlush } from './closeAfterFlush.js';
import type { PortHost } from './portHost.js';

export class PortBasic {
  private socket: Socket | undefined;
  private dialing = false;
  private closed = false;
  private cancel: (() => void) | undefined;

  constructor(
    private readonly host: PortHost,
    private readonly endOnTargetClose = false,
  ) {}

  /** Initial dial (InitializeSession). */
  start(): void {
    this.redial(true);
  }

  private redial(initial: boolean): void {
    this.dialing = true;
    const attempt = this.host.dial();
    this.cancel = attempt.cancel;
    void attempt.result.then((outcome) => {
      this.dialing = false;
      this.cancel = undefined;
      if (this.closed) {
        if (outcome.kind === 'connected') outcome.socket.destroy();
        return;
      }
      if (outcome.kind === 'forbidden') return this.host.fail(outcome.message);
      if (outcome.kind === 'failed') {
        if (initial) this.host.fail(`Unable to connect to specified port: ${outcome.message}`);
        else this.host.log('info', 'basic re-dial failed', { reason: outcome.message });
        return;
      }
      this.attach(outcome.socket);
    });
  }

  private attach(socket: Socket): void {
    this.socket = socket;
    this.host.trackSocket(socket);
    socket.on('data', (chunk: Buffer) => this.host.writeStream(chunk));
    const gone = (): void => {
      if (this.socket === socket) this.socket = undefined;
      if (this.endOnTargetClose && !this.closed) this.host.finish('');
    };
    socket.on('end', () => socket.destroy());
    socket.on('close', gone);
    socket.on('error', () => socket.destroy());
  }

  /** Client PT 1. Returns false while not connected (the caller then does not ack). */
  input(bytes: Uint8Array): boolean {
    if (this.closed) return true;
    if (this.socket !== undefined && !this.socket.destroyed) {
      corkForTick(this.socket); // one writev per tick, not one write per 1 KiB message
      this.socket.write(bytes);
      return true;
    }
    if (!this.dialing) this.redial(false);
    return false;
  }

  /** Flag DisconnectToPort. */
  disconnect(): void {
    if (this.socket) closeAfterFlush(this.socket);
    this.socket = undefined;
  }

  close(): void {
    this.closed = true;
    this.cancel?.();
    this.socket?.destroy();
  }
}
