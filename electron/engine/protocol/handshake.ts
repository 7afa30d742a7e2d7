/**
 * ssm-protocol.md §5: the port-session handshake payloads (JSON, Go encoding/json field names).
 *
 *   A→C PT 5 HandshakeRequest  {"AgentVersion","RequestedClientActions":[{"ActionType","ActionParameters"}]}
 *   C→A PT 6 HandshakeResponse {"ClientVersion","ProcessedClientActions":[{"ActionType","ActionStatus",
 *                               "ActionResult","Error"}],"Errors"}
 *   A→C PT 7 HandshakeComplete {"HandshakeTimeToComplete": <ns>, "CustomerMessage": ""}
 */
import { engineError, type EngineError } from '../../../shared/contract/errors.js';
import { CLIENT_VERSION } from './version.js';

/** §5.2 ActionStatus values. Any entry ≠ Success makes the agent cancel the session. */
export const ActionStatus = { Success: 1, Failed: 2, Unsupported: 3 } as const;

export interface RequestedAction {
  readonly actionType: string;
  readonly actionParameters: unknown;
}

export interface HandshakeRequest {
  readonly agentVersion: string;
  readonly actions: readonly RequestedAction[];
  /** From the SessionType action, if present. */
  readonly sessionType: string | undefined;
  /** The resolved document properties (all values strings, §1.3). */
  readonly properties: Readonly<Record<string, string>>;
}

export interface ProcessedAction {
  readonly ActionType: string;
  readonly ActionStatus: number;
  readonly ActionResult: null;
  readonly Error: string;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: EngineError };

function parseJson(payload: Uint8Array, what: string): Parsed<Record<string, unknown>> {
  try {
    const v: unknown = JSON.parse(Buffer.from(payload).toString('utf8'));
    if (typeof v === 'object' && v !== null && !Array.isArray(v))
      return { ok: true, value: v as Record<string, unknown> };
  } catch {
    // fall through
  }
  return { ok: false, error: engineError('PROTOCOL_MALFORMED_FRAME', `${what} is not a JSON object`) };
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

export function parseHandshakeRequest(payload: Uint8Array): Parsed<HandshakeRequest> {
  const j = parseJson(payload, 'HandshakeRequest');
  if (!j.ok) return j;
  const agentVersion = typeof j.value['AgentVersion'] === 'string' ? j.value['AgentVersion'] : '';
  const rawActions = Array.isArray(j.value['RequestedClientActions'])
    ? j.value['RequestedClientActions']
    : [];
  const actions: RequestedAction[] = [];
  let sessionType: string | undefined;
  const properties: Record<string, string> = {};
  for (const raw of rawActions as unknown[]) {
    const a = asRecord(raw);
    if (!a) continue;
    const actionType = typeof a['ActionType'] === 'string' ? a['ActionType'] : '';
    actions.push({ actionType, actionParameters: a['ActionParameters'] });
    if (actionType === 'SessionType') {
      const p = asRecord(a['ActionParameters']);
      if (typeof p?.['SessionType'] === 'string') sessionType = p['SessionType'];
      const props = asRecord(p?.['Properties']);
      for (const [k, v] of Object.entries(props ?? {})) if (typeof v === 'string') properties[k] = v;
    }
  }
  return { ok: true, value: { agentVersion, actions, sessionType, properties } };
}

/**
 * Answers every requested action (§5.2: send one entry per action). SessionType Port ⇒ Success;
 * another SessionType ⇒ Failed (this client only forwards ports); KMSEncryption ⇒ Unsupported —
 * agents never request it for Port sessions (§7), and answering Success would be a lie; unknown
 * actions ⇒ Unsupported (3) in ActionStatus (unlike the plugin's bug of putting it in ActionResult).
 */
export function processActions(req: HandshakeRequest): ProcessedAction[] {
  return req.actions.map((a): ProcessedAction => {
    if (a.actionType === 'SessionType') {
      return req.sessionType === 'Port'
        ? { ActionType: a.actionType, ActionStatus: ActionStatus.Success, ActionResult: null, Error: '' }
        : {
            ActionType: a.actionType,
            ActionStatus: ActionStatus.Failed,
            ActionResult: null,
            Error: `unsupported session type ${String(req.sessionType)}: this client only forwards ports`,
          };
    }
    if (a.actionType === 'KMSEncryption')
      return {
        ActionType: a.actionType,
        ActionStatus: ActionStatus.Unsupported,
        ActionResult: null,
        Error: 'KMS encryption is not supported for port sessions by this client',
      };
    return {
      ActionType: a.actionType,
      ActionStatus: ActionStatus.Unsupported,
      ActionResult: null,
      Error: `unsupported action ${a.actionType}`,
    };
  });
}

export function encodeHandshakeResponse(
  processed: readonly ProcessedAction[],
  clientVersion = CLIENT_VERSION,
): Buffer {
  const errors = processed.filter((p) => p.Error !== '').map((p) => p.Error);
  return Buffer.from(
    JSON.stringify({
      ClientVersion: clientVersion,
      ProcessedClientActions: processed,
      Errors: errors.length > 0 ? errors : null,
    }),
    'utf8',
  );
}

export interface HandshakeComplete {
  /** Go time.Duration: nanoseconds. */
  readonly handshakeTimeToCompleteNs: number;
  readonly customerMessage: string;
}

export function parseHandshakeComplete(payload: Uint8Array): Parsed<HandshakeComplete> {
  const j = parseJson(payload, 'HandshakeComplete');
  if (!j.ok) return j;
  const ns = j.value['HandshakeTimeToComplete'];
  const msg = j.value['CustomerMessage'];
  return {
    ok: true,
    value: {
      handshakeTimeToCompleteNs: typeof ns === 'number' ? ns : 0,
      customerMessage: typeof msg === 'string' ? msg : '',
    },
  };
}

/** §10.1 channel_closed payload; only Output (the reason) matters to us. */
export function parseChannelClosedOutput(payload: Uint8Array): string {
  const j = parseJson(payload, 'channel_closed');
  if (!j.ok) return '';
  const out = j.value['Output'];
  return typeof out === 'string' ? out : '';
}
