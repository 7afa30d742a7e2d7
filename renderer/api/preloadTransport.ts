/**
 * The Electron transport: the sandboxed preload exposes `window.bastionless` with exactly `call` and
 * `subscribe` (electron/shell/bridge.ts). It already speaks the contract, so this only types it.
 */
import type { EngineTransport } from '../../shared/contract/transport.js';

declare global {
  interface Window {
    bastionless?: EngineTransport;
  }
}

export function preloadTransport(): EngineTransport | undefined {
  return typeof window !== 'undefined' ? window.bastionless : undefined;
}
