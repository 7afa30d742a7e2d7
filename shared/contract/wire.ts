/**
 * Browser mode's wire protocol: the engine contract as JSON text frames over one WebSocket at
 * `ws://127.0.0.1:<port>/api?token=<token>` (the server also checks Origin and Host).
 *
 *   client → server  {"type":"call","id":7,"method":"tunnels.start","input":{…}}
 *                    {"type":"subscribe","event":"engine.update"}   (snapshot first, then deltas)
 *                    {"type":"unsubscribe","event":"engine.update"}
 *   server → client  {"type":"result","id":7,"result":{"ok":true,"value":…}}   (a Result envelope)
 *                    {"type":"event","event":"engine.update","payload":{…}}
 *
 * Auth: the token rides in the upgrade URL's `?token=` (or the HttpOnly SameSite=Strict `bl_token`
 * cookie the page load set); the upgrade also needs Origin and Host = 127.0.0.1:<port> or
 * localhost:<port>. Any failure is an HTTP 403 before the upgrade. Static files need the token too.
 * Errors: a call with a safe-integer id always gets a result (unknown method / bad input → an
 * INVALID_ARGUMENT or PROFILE_INVALID Result); results may arrive out of order (match on id).
 * A frame that is not JSON, binary, or an unknown type closes the socket with 1003; frames over
 * MAX_WIRE_MESSAGE_BYTES close it with 1009. Subscribing twice to one event is a no-op.
 */
import type { EventName } from './events.js';
import type { Result } from './result.js';

export const WS_PATH = '/api';
/** Frames above this are refused (the largest legitimate input is a profile import). */
export const MAX_WIRE_MESSAGE_BYTES = 6 * 1024 * 1024;

export type ClientMessage =
  | { readonly type: 'call'; readonly id: number; readonly method: string; readonly input: unknown }
  | { readonly type: 'subscribe'; readonly event: EventName }
  | { readonly type: 'unsubscribe'; readonly event: EventName };

export type ServerMessage =
  | { readonly type: 'result'; readonly id: number; readonly result: Result<unknown> }
  | { readonly type: 'event'; readonly event: EventName; readonly payload: unknown };
