/**
 * Renders the tray from engine state (render-from-state, Signal style): subscribes to 'engine.update',
 * keeps a mirror, and rebuilds the menu only when the tray model changed (health deltas arrive every
 * 500 ms per busy tunnel and must not rebuild, which would close a menu the user has open).
 * Electron objects come from injected factories, so tests need no Electron. Owns the Tray; dispose()
 * destroys it and unsubscribes.
 */
import type { EngineHost } from '../engine/api/engineHost.js';
import type { Result } from '../../shared/contract/result.js';
import { applyUpdate, EMPTY_MIRROR, type MirrorState } from './engineMirror.js';
import { buildTrayModel, type TrayAction, type TrayIconState, type TrayModel } from './trayModel.js';

export interface TrayLike {
  setImage(iconPath: string): void;
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

/** The subset of Electron's MenuItemConstructorOptions the tray uses. */
export interface TrayMenuItem {
  readonly id?: string;
  readonly label?: string;
  readonly type: 'normal' | 'separator' | 'checkbox';
  readonly checked?: boolean;
  readonly enabled?: boolean;
  readonly click?: () => void;
}

export interface TrayDeps {
  readonly engine: EngineHost;
  readonly createTray: (iconPath: string) => TrayLike;
  readonly buildMenu: (template: TrayMenuItem[]) => unknown;
  readonly iconPath: (state: TrayIconState) => string;
  readonly platform: NodeJS.Platform;
  readonly onOpen: () => void;
  readonly onQuit: () => void;
  /** Called when a tray click's engine call fails (the notifier shows it). */
  readonly onActionError?: (message: string) => void;
}

export class TrayController {
  private mirror: MirrorState = EMPTY_MIRROR;
  private rendered: string | undefined;
  private readonly tray: TrayLike;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: TrayDeps) {
    this.tray = deps.createTray(deps.iconPath('idle'));
    // Left click opens the window on Windows/Linux; on macOS a click opens the menu (platform convention).
    if (deps.platform !== 'darwin') this.tray.on('click', () => deps.onOpen());
    this.render();
    this.unsubscribe = deps.engine.subscribe('engine.update', (update) => {
      this.mirror = applyUpdate(this.mirror, update);
      this.render();
    });
  }

  get model(): TrayModel {
    return buildTrayModel(this.mirror);
  }

  /** Idempotent: rebuilds only when the model differs from the last one rendered (or when forced). */
  render(force = false): void {
    const model = this.model;
    const key = JSON.stringify(model);
    if (!force && key === this.rendered) return;
    this.rendered = key;
    this.tray.setImage(this.deps.iconPath(model.icon));
    this.tray.setToolTip(model.tooltip);
    this.tray.setContextMenu(this.deps.buildMenu(this.template(model)));
  }

  /** Start a stopped tunnel or stop a running one, as the checkbox click asks. */
  async toggle(profileId: string): Promise<void> {
    const item = this.model.items.find((i) => i.kind === 'tunnel' && i.profileId === profileId);
    if (item === undefined || item.kind !== 'tunnel') return;
    const method = item.checked ? 'tunnels.stop' : 'tunnels.start';
    await this.report(this.deps.engine.call(method, { profileId }));
  }

  async stopAll(): Promise<void> {
    await this.report(this.deps.engine.call('tunnels.stopAll', {}));
  }

  dispose(): void {
    this.unsubscribe();
    this.tray.destroy();
  }

  private async report(pending: Promise<Result<unknown>>): Promise<void> {
    const result = await pending;
    if (result.ok) return;
    this.deps.onActionError?.(result.error.message);
    // Electron already flipped the checkbox on click; restore the truth.
    this.render(true);
  }

  private template(model: TrayModel): TrayMenuItem[] {
    return model.items.map((item): TrayMenuItem => {
      switch (item.kind) {
        case 'header':
          return { type: 'normal', label: item.label, enabled: false };
        case 'separator':
          return { type: 'separator' };
        case 'tunnel':
          return {
            id: `tunnel:${item.profileId}`,
            type: 'checkbox',
            label: item.label,
            checked: item.checked,
            click: () => void this.toggle(item.profileId),
          };
        case 'action':
          return {
            id: `action:${item.action}`,
            type: 'normal',
            label: item.label,
            enabled: item.enabled,
            click: () => this.act(item.action),
          };
      }
    });
  }

  private act(action: TrayAction): void {
    switch (action) {
      case 'open':
        this.deps.onOpen();
        return;
      case 'stopAll':
        void this.stopAll();
        return;
      case 'quit':
        this.deps.onQuit();
        return;
    }
  }
}
