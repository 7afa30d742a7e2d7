/**
 * Version comparison the way the agent does it (§8.1): dot-separated integers compared
 * component-wise; with a different number of components the shorter one is smaller when the
 * common prefix is equal. Unparsable components compare as 0.
 */
export function compareVersions(a: string, b: string): number {
  const pa = a
    .trim()
    .split('.')
    .map((s) => Number.parseInt(s, 10));
  const pb = b
    .trim()
    .split('.')
    .map((s) => Number.parseInt(s, 10));
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = Number.isFinite(pa[i]) ? pa[i]! : 0;
    const y = Number.isFinite(pb[i]) ? pb[i]! : 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return Math.sign(pa.length - pb.length);
}
