/**
 * OS signals the tunnel supervisor reacts to by retrying at once instead of waiting out a backoff:
 * wake from sleep and network changes. Electron implements it with powerMonitor / net events; the
 * CLI has none (timer-drift detection in the supervisor covers sleep there).
 */
export interface SystemEvents {
  onWake(listener: () => void): () => void;
  onNetworkChange(listener: () => void): () => void;
}

/** One SystemEvents over several sources (e.g. Electron's powerMonitor plus interface polling). */
export function mergeSystemEvents(...sources: readonly SystemEvents[]): SystemEvents {
  const all = (subscribe: (s: SystemEvents) => () => void): (() => void) => {
    const offs = sources.map(subscribe);
    return () => {
      for (const off of offs) off();
    };
  };
  return {
    onWake: (listener) => all((s) => s.onWake(listener)),
    onNetworkChange: (listener) => all((s) => s.onNetworkChange(listener)),
  };
}
