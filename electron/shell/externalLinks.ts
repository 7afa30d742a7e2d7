/**
 * The only door to shell.openExternal (architecture §9.3). A URL opens only if it is http(s), carries
 * no credentials, and either was registered by main itself (a profile's URL launcher after its tunnel
 * is up, an SSO verification URI from an engine prompt) or is https on a fixed host allowlist (AWS
 * console and IAM Identity Center portals). Everything else is refused and reported, never opened:
 * a compromised page must not be able to launch file:, smb:, custom-protocol or arbitrary web URLs.
 */
export const ALLOWED_HTTPS_HOSTS: readonly RegExp[] = [
  // AWS Management Console (instance and Session Manager pages).
  /^([a-z0-9-]+\.)?console\.aws\.amazon\.com$/,
  // IAM Identity Center device-authorization page. Not all of amazonaws.com: S3 buckets live there.
  /^device\.sso\.[a-z0-9-]+\.amazonaws\.com$/,
  // IAM Identity Center user portals (<id>.awsapps.com/start).
  /^[a-z0-9-]+\.awsapps\.com$/,
];

export function isHttpUrl(url: string): URL | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  if (u.username !== '' || u.password !== '') return undefined;
  return u;
}

export class ExternalLinks {
  private readonly registered = new Set<string>();

  constructor(
    private readonly openExternal: (url: string) => Promise<void>,
    private readonly onRefused: (url: string) => void = () => {},
  ) {}

  /** Main built this URL (launcher, SSO prompt): allow exactly it. Returns false if it is not http(s). */
  register(url: string): boolean {
    const u = isHttpUrl(url);
    if (u === undefined) return false;
    this.registered.add(u.href);
    return true;
  }

  isAllowed(url: string): boolean {
    const u = isHttpUrl(url);
    if (u === undefined) return false;
    if (this.registered.has(u.href)) return true;
    return u.protocol === 'https:' && ALLOWED_HTTPS_HOSTS.some((re) => re.test(u.hostname));
  }

  /** Opens the URL in the user's browser if allowed; returns whether it was opened. */
  async open(url: string): Promise<boolean> {
    if (!this.isAllowed(url)) {
      this.onRefused(url);
      return false;
    }
    await this.openExternal(new URL(url).href);
    return true;
  }
}
