/** The typed client the UI uses; errors come back as Results, never as throws. */
import type { EngineTransport } from '../../shared/contract/transport.js';

export type EngineClient = EngineTransport;
