/** A tiny inline-SVG line chart (no canvas, no library; CSP-safe). */
export function Sparkline({ points, label }: { points: number[]; label: string }) {
  const w = 80;
  const h = 20;
  const max = Math.max(1, ...points);
  const d = points
    .map((v, i) => `${(i / Math.max(1, points.length - 1)) * w},${h - (v / max) * (h - 2) - 1}`)
    .join(' ');
  return (
    <svg className="spark" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
      {points.length > 1 ? <polyline points={d} fill="none" stroke="currentColor" strokeWidth="1.5" /> : null}
    </svg>
  );
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
