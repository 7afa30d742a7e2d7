/** App settings in `settings.json` (atomic writes); defaults follow the platform's conventions. */
import { existsSync, readFileSync } from 'node:fs';
import { Settings } from '../../../shared/contract/api.js';
import { writeFileAtomic } from '../profiles/atomicWrite.js';

export function defaultSettings(platform: NodeJS.Platform = process.platform): Settings {
  return { closeToTray: platform === 'win32' || platform === 'darwin', startAtLogin: false, theme: 'system' };
}

export class SettingsStore {
  private value: Settings;

  constructor(private readonly path: string) {
    let loaded: unknown;
    try {
      loaded = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
    } catch {
      loaded = undefined;
    }
    const r = Settings.partial().safeParse(loaded ?? {});
    this.value = { ...defaultSettings(), ...(r.success ? r.data : {}) } as Settings;
  }

  get(): Settings {
    return { ...this.value };
  }

  set(patch: { [K in keyof Settings]?: Settings[K] | undefined }): Settings {
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    this.value = Settings.parse({ ...this.value, ...defined });
    writeFileAtomic(this.path, `${JSON.stringify(this.value, null, 2)}\n`);
    return this.get();
  }
}
