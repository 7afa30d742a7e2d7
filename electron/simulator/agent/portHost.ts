/** What a port-forwarding mode (mux or basic) may ask of the agent session that hosts it. */
import type { Socket } from 'node:net';
import type { LogFields, LogLevel } from '../../engine/ports/logger.js';
import type { DialOutcome } from './dialer.js';

export interface PortHost {
  /** Queue bytes for the agent→client byte stream (PT 1, chunked to 1024 bytes, paced). */
  writeStream(bytes: Uint8Array): void;
  /** Send one output_stream_data message now (flags, PT 10), in the same sequence space. */
  sendMessage(payloadType: number, payload: Uint8Array): void;
  /** Dial the session's target (faults applied). */
  dial(): { result: Promise<DialOutcome>; cancel: () => void };
  /** The port plugin failed: the session ends, `reason` becomes channel_closed.Output. */
  fail(reason: string): void;
  /** The port plugin finished normally (e.g. target EOF in SSH mode). */
  finish(output: string): void;
  /** Register a target socket so back-pressure and close reach it. */
  trackSocket(socket: Socket): void;
  log(level: LogLevel, message: string, fields?: LogFields): void;
}
