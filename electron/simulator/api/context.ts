/** What the SSM operation handlers read and change: the simulator's state, behind one seam. */
import type { Logger } from '../../engine/ports/logger.js';
import type { SimSession } from '../service/simSession.js';
import type { FaultConfig, SimInstance } from '../types.js';

export interface SsmContext {
  readonly logger: Logger;
  /** 'ws://127.0.0.1:N' */
  wsBase(): string;
  faults(): Readonly<FaultConfig>;
  instance(id: string): SimInstance | undefined;
  instances(): SimInstance[];
  session(id: string): SimSession | undefined;
  sessions(): SimSession[];
  createSession(args: {
    target: string;
    documentName: string;
    reason: string | undefined;
    properties: Record<string, string>;
    agentVersion: string;
  }): SimSession;
  endedResume(): 'error' | 'no-token';
  sessionPreferences(): { idleTimeoutMinutes?: number; maxSessionDurationMinutes?: number };
  readonly parameters: Map<string, { value: string; version: number; modifiedAt: number; type: string }>;
  deniedParameterPaths(): readonly string[];
  /** A one-shot error queued by `Simulator.injectApiError` for this operation, if any. */
  takeInjectedError(operation: string): { code: string; message: string; status: number } | undefined;
}

export type Operation = (input: Record<string, unknown>, ctx: SsmContext) => unknown;
