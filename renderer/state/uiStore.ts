/**
 * UI-only state (which view is shown, the theme in effect). Never mixes with engine truth
 * (state/engineStore.ts). A zustand vanilla store, so it is testable without React.
 */
import { createStore } from 'zustand/vanilla';

export type View = 'tunnels' | 'history' | 'logs' | 'settings';
export const VIEWS: readonly { id: View; label: string }[] = [
  { id: 'tunnels', label: 'Tunnels' },
  { id: 'history', label: 'History' },
  { id: 'logs', label: 'Logs' },
  { id: 'settings', label: 'Settings' },
];

export interface UiState {
  view: View;
  /** Log view filter: one profile's lines, or all. */
  logProfileId: string | undefined;
}

export function createUiStore() {
  return createStore<UiState>(() => ({ view: 'tunnels', logProfileId: undefined }));
}

export type UiStore = ReturnType<typeof createUiStore>;

/** 'system' follows prefers-color-scheme; the setting wins otherwise. */
export function resolveTheme(setting: 'system' | 'light' | 'dark', prefersDark: boolean): 'light' | 'dark' {
  return setting === 'system' ? (prefersDark ? 'dark' : 'light') : setting;
}
