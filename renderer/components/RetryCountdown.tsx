/**
 * "retrying in 4 s" while a tunnel waits out its backoff, so a waiting tunnel never looks stuck.
 * The engine publishes when the retry fires (`nextRetryAt`); this only re-renders once a second
 * while that moment is ahead (a display clock, not polling the engine).
 */
import { useEffect, useState } from 'react';

export function retryText(nextRetryAt: number, now: number): string {
  const s = Math.ceil((nextRetryAt - now) / 1000);
  return s <= 0 ? 'retrying now' : `retrying in ${s} s`;
}

export function RetryCountdown({ nextRetryAt }: { nextRetryAt: number | undefined }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (nextRetryAt === undefined) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [nextRetryAt]);
  if (nextRetryAt === undefined) return null;
  return (
    <div className="retry muted" data-testid="retry-countdown">
      {retryText(nextRetryAt, now)}
    </div>
  );
}
