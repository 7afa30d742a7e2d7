#!/usr/bin/env node
// Draws the app and tray icons as PNGs with nothing but Node (zlib for the IDAT stream), so the icons
// are reproducible and reviewable as code. The PNGs are committed; re-run after changing a shape:
//   node build/gen-icons.mjs
// Output (build/icons/):
//   icon.png (1024, electron-builder makes .icns/.ico from it), icon-512.png (window + notifications),
//   linux/<n>x<n>.png (AppImage/deb hicolor set),
//   tray-<state>.png (16 px) and tray-<state>@2x.png (32 px; Electron picks it on HiDPI) for each
//   overall state the tray shows: up, connecting, failed, idle.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const OUT = fileURLToPath(new URL('./icons/', import.meta.url));

// --- PNG encoding (RFC 2083): signature, IHDR, IDAT (zlib of filtered scanlines), IEND. ---
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- Shapes in unit coordinates (0..1), as coverage tests; 4×4 supersampling anti-aliases edges. ---
const inRoundedRect = (x, y, inset, r) => {
  const cx = Math.min(Math.max(x, inset + r), 1 - inset - r);
  const cy = Math.min(Math.max(y, inset + r), 1 - inset - r);
  return (
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= inset && x <= 1 - inset && y >= inset && y <= 1 - inset
  );
};
// The mark: a tunnel mouth (an arch with two legs) standing on a road line.
function inArch(x, y, { cx = 0.5, cy = 0.52, outer = 0.3, inner = 0.17, bottom = 0.8 } = {}) {
  if (y <= cy) {
    const d = Math.hypot(x - cx, y - cy);
    return d <= outer && d >= inner;
  }
  if (y > bottom) return false;
  return (x >= cx - outer && x <= cx - inner) || (x >= cx + inner && x <= cx + outer);
}
const inRoad = (x, y) => y >= 0.84 && y <= 0.9 && x >= 0.14 && x <= 0.86;

function render(size, shade) {
  const px = Buffer.alloc(size * size * 4);
  const S = 4;
  for (let py = 0; py < size; py++) {
    for (let pxi = 0; pxi < size; pxi++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const c = shade((pxi + (sx + 0.5) / S) / size, (py + (sy + 0.5) / S) / size);
          if (c === null) continue;
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const o = (py * size + pxi) * 4;
      if (a > 0) {
        px[o] = Math.round(r / a);
        px[o + 1] = Math.round(g / a);
        px[o + 2] = Math.round(b / a);
      }
      px[o + 3] = Math.round((a / (S * S)) * 255);
    }
  }
  return px;
}

const APP_BG_TOP = [17, 24, 39];
const APP_BG_BOTTOM = [31, 41, 55];
const TEAL = [94, 234, 212];
function appShade(x, y) {
  if (!inRoundedRect(x, y, 0.04, 0.2)) return null;
  if (inArch(x, y) || inRoad(x, y)) return [...TEAL, 1];
  const t = y;
  return [0, 1, 2].map((i) => Math.round(APP_BG_TOP[i] * (1 - t) + APP_BG_BOTTOM[i] * t)).concat(1);
}

export const TRAY_COLORS = {
  up: [34, 197, 94], // green: every running tunnel is up
  connecting: [245, 158, 11], // amber: some tunnel is connecting or reconnecting
  failed: [239, 68, 68], // red: some tunnel failed or needs login
  idle: [148, 163, 184], // slate: nothing running
};
function trayShade(color) {
  // Thicker strokes than the app mark so the arch survives 16 px.
  const arch = { cx: 0.5, cy: 0.5, outer: 0.44, inner: 0.2, bottom: 0.92 };
  return (x, y) => (inArch(x, y, arch) ? [...color, 1] : null);
}

export function generate(outDir = OUT) {
  mkdirSync(`${outDir}linux`, { recursive: true });
  const files = [];
  const write = (name, size, shade) => {
    writeFileSync(`${outDir}${name}`, encodePng(size, render(size, shade)));
    files.push(name);
  };
  write('icon.png', 1024, appShade);
  write('icon-512.png', 512, appShade);
  for (const n of [16, 32, 48, 64, 128, 256, 512]) write(`linux/${n}x${n}.png`, n, appShade);
  for (const [state, color] of Object.entries(TRAY_COLORS)) {
    write(`tray-${state}.png`, 16, trayShade(color));
    write(`tray-${state}@2x.png`, 32, trayShade(color));
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = generate();
  process.stdout.write(`wrote ${files.length} icons to ${OUT}\n`);
}
