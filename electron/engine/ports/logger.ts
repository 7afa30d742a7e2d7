/**
 * The only way engine code writes logs. Implementations must redact secrets: anything under keys
 * matching /token|secret|password|credential|signature|authorization/i is replaced before output.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export const SECRET_KEY_PATTERN = /token|secret|password|credential|signature|authorization|sessiontoken/i;

export function redact(fields: LogFields | undefined): Record<string, unknown> | undefined {
  if (fields === undefined) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SECRET_KEY_PATTERN.test(k)) out[k] = '[redacted]';
    else if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array))
      out[k] = redact(v as LogFields);
    else out[k] = v;
  }
  return out;
}

export const nullLogger: Logger = {
  log() {},
  child() {
    return nullLogger;
  },
};
