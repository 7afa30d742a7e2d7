/**
 * The StartSession `Reason` Bastionless sends, so the account's CloudTrail (and DescribeSessions)
 * shows which local profile opened a session: `bastionless:<profile name>`. The API allows 1..256
 * characters; we also keep to a conservative printable set so log tooling never chokes.
 */
const REASON_MAX = 256;
const PREFIX = 'bastionless:';

export function sessionReason(profileName: string | undefined): string {
  const cleaned = (profileName ?? '')
    .normalize('NFKD')
    .replace(/\s+/g, ' ')
    .replace(/[^A-Za-z0-9 _.,:;/@+=()#-]/g, '_')
    .trim();
  return `${PREFIX}${cleaned || 'unnamed'}`.slice(0, REASON_MAX);
}
