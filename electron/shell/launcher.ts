/**
 * The Electron half of profile launch actions (RDP, DB client, URL). The engine decides *what* to
 * launch and waits until the tunnel is up (engine/launch builds the plan and spawns client programs
 * without a shell); what only Electron can do well lives here: opening a URL in the user's browser
 * (through the ExternalLinks allowlist, registering the app-built URL first) and writing the clipboard
 * (copy connection string). Errors are data: a refused URL is LAUNCH_FAILED, never a throw.
 */
import { engineError } from '../../shared/contract/errors.js';
import { err, ok, type Result } from '../../shared/contract/result.js';
import type { ExternalLinks } from './externalLinks.js';

export interface ShellLauncher {
  /** Open a URL the engine built from a profile's launcher template (after its tunnel is up). */
  openUrl(url: string): Promise<Result<null>>;
  /** Put text on the system clipboard (connection strings; never logged). */
  copyText(text: string): Result<null>;
}

export interface ClipboardLike {
  writeText(text: string): void;
}

export function createShellLauncher(links: ExternalLinks, clipboard: ClipboardLike): ShellLauncher {
  return {
    async openUrl(url) {
      // Only http(s) can be registered; jdbc:, file:, smb: and friends are refused here.
      if (!links.register(url)) {
        return err(engineError('LAUNCH_FAILED', 'only http(s) URLs can be opened in the browser'));
      }
      try {
        return (await links.open(url)) ? ok(null) : err(engineError('LAUNCH_FAILED', 'URL refused'));
      } catch (e: unknown) {
        return err(
          engineError('LAUNCH_FAILED', e instanceof Error ? e.message : 'could not open the browser'),
        );
      }
    },
    copyText(text) {
      clipboard.writeText(text);
      return ok(null);
    },
  };
}
