/** Electron (the preload bridge) when present, else browser mode's WebSocket. Nothing above cares. */
import type { EngineTransport } from '../../shared/contract/transport.js';
import { preloadTransport } from './preloadTransport.js';
import { webSocketTransport } from './webSocketTransport.js';

export function pickTransport(): EngineTransport {
  return preloadTransport() ?? webSocketTransport();
}
