/**
 * What a catalog may not do on the subscriber's machine. A catalog is written by someone else (and a
 * URL catalog travels over the network), so its profiles are trusted to describe tunnels, not to run
 * programs or open ports to the network:
 * - launchers that spawn a program (`command`, or a database/url template that is a command line
 *   rather than a URL) are replaced by `none`;
 * - a non-loopback bind (`allowNonLoopback`, or any address other than loopback) becomes 127.0.0.1.
 * Each change is reported as an issue; the user can copy the profile and set these up themselves.
 */
import type { FieldIssue } from '../../../shared/contract/api.js';
import type { Profile } from '../../../shared/model/profile.js';

/** Same rule as launch/buildLaunch.ts: a scheme of two or more letters (so `C:\…` is a path). */
const URL_TEMPLATE = /^[a-z][a-z0-9+.-]+:/i;
const FORBIDDEN_SCHEMES = /^(javascript|data|file|vbscript):/i;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function spawnsProgram(launcher: Profile['launcher']): boolean {
  if (launcher.kind === 'command') return true;
  if (launcher.kind === 'database' || launcher.kind === 'url')
    return !URL_TEMPLATE.test(launcher.template.trim()) || FORBIDDEN_SCHEMES.test(launcher.template.trim());
  return false;
}

export function applyCatalogPolicy(p: Profile, origin: string): { profile: Profile; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  let profile = p;
  if (spawnsProgram(p.launcher)) {
    issues.push({
      path: `${origin}:launcher`,
      message: `"${p.name}": a catalog cannot set a launcher that runs a program; it was removed (copy the profile to add your own)`,
    });
    profile = { ...profile, launcher: { kind: 'none' } };
  }
  if (p.bind.allowNonLoopback === true || !LOOPBACK.has(p.bind.address)) {
    issues.push({
      path: `${origin}:bind.address`,
      message: `"${p.name}": a catalog cannot listen on ${p.bind.address}; it listens on 127.0.0.1`,
    });
    const { allowNonLoopback: _allow, ...bind } = profile.bind;
    profile = { ...profile, bind: { ...bind, address: '127.0.0.1' } };
  }
  return { profile, issues };
}
