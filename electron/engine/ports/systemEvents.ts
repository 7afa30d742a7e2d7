/**
 * OS signals the tunnel supervisor reacts to by retrying at once instead of waiting out a backoff:
 * wake from sleep and network changes. Electron implements it with powerMonitor / net events; the
 * CLI has none (timer-drift detection in the supervisor covers sleep there).
 */
export interface SystemEvents {
  onWake(listener: () => void): () => void;
  onNetworkChange(listener: () => void): () => void;
}
