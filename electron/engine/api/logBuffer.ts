/** A ring buffer of redacted log entries behind the Logger port; feeds `logs.tail` and 'engine.log'. */
import type { LogEntry } from '../../../shared/contract/api.js';
import type { Clock } from '../ports/clock.js';
import { redact, type LogFields, type Logger, type LogLevel } from '../ports/logger.js';

export const LOG_BUFFER_ENTRIES = 2_000;

export class LogBuffer {
  private readonly entries: LogEntry[] = [];
  readonly logger: Logger;

  constructor(
    private readonly clock: Clock,
    private readonly onEntry: (entry: LogEntry) => void,
    private readonly downstream?: Logger,
  ) {
    this.logger = this.make({});
  }

  tail(limit: number, profileId?: string): LogEntry[] {
    const list = profileId ? this.entries.filter((e) => e.profileId === profileId) : this.entries;
    return list.slice(-limit);
  }

  private make(base: LogFields): Logger {
    return {
      log: (level: LogLevel, message: string, fields?: LogFields) => {
        this.downstream?.log(level, message, { ...base, ...fields });
        if (level === 'debug') return;
        const all = redact({ ...base, ...fields }) ?? {};
        const profileId = typeof all['profileId'] === 'string' ? all['profileId'] : undefined;
        const entry: LogEntry = {
          at: this.clock.now(),
          level,
          message,
          ...(profileId ? { profileId } : {}),
          ...(Object.keys(all).length ? { fields: all } : {}),
        };
        this.entries.push(entry);
        if (this.entries.length > LOG_BUFFER_ENTRIES)
          this.entries.splice(0, this.entries.length - LOG_BUFFER_ENTRIES);
        this.onEntry(entry);
      },
      child: (fields) => this.make({ ...base, ...fields }),
    };
  }
}
