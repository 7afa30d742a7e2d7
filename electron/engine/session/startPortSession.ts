/**
 * The engine's entry point: StartSession, open the data channel, handshake, and hand back a
 * PortSession that local sockets can be attached to.
 */
import { failure } from '../aws/engineFailure.js';
import { PORT_DOCUMENT, REMOTE_HOST_DOCUMENT, type StartPortSessionOptions } from './options.js';
import { PortSessionImpl } from './portSession.js';
import type { PortSession } from './types.js';

/** Builds the StartSession Parameters map (§1.3: every value is a string list). */
export function portSessionParameters(o: StartPortSessionOptions): Record<string, string[]> {
  const p: Record<string, string[]> = {
    portNumber: [String(o.remotePort)],
    localPortNumber: [String(o.localPortNumber ?? 0)],
  };
  if ((o.documentName ?? PORT_DOCUMENT) === REMOTE_HOST_DOCUMENT) p['host'] = [o.host ?? ''];
  return p;
}

/**
 * Resolves once the handshake completed (the session is ready for attach()); rejects with an
 * EngineError (StartSession errors as mapped by the SessionApi, DATA_CHANNEL_*, PROTOCOL_HANDSHAKE_*),
 * after terminating the half-started session.
 */
export async function startPortSession(o: StartPortSessionOptions): Promise<PortSession> {
  const documentName = o.documentName ?? PORT_DOCUMENT;
  if (!Number.isInteger(o.remotePort) || o.remotePort < 1 || o.remotePort > 65535)
    throw failure('INVALID_ARGUMENT', `remote port out of range: ${o.remotePort}`);
  if (documentName === REMOTE_HOST_DOCUMENT && !o.host)
    throw failure('INVALID_ARGUMENT', `${REMOTE_HOST_DOCUMENT} needs a host`);
  const creds = await o.api.startSession({
    target: o.target,
    documentName,
    parameters: portSessionParameters(o),
    ...(o.reason !== undefined ? { reason: o.reason } : {}),
  });
  const session = new PortSessionImpl(o, creds);
  await session.open();
  return session;
}
