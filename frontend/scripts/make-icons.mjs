// Draws the web-app icons into public/icons/ (committed; rerun after changing the design):
// the favicon's design (src/app/icon.svg), a white rising line on blue, as PNGs at 192 and
// 512 px, plus a maskable one whose full-bleed background lets the launcher cut any shape out
// of it with the line inside the central safe zone. Node's zlib is the only dependency and
// the output is the same bytes on every machine.
import { mkdirSync, writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const BLUE = [0x1d, 0x4e, 0xd8];
const WHITE = [0xff, 0xff, 0xff];
// The favicon's line on its 32-unit grid, and its stroke width.
const LINE = [
  [6, 22],
  [12, 15],
  [17, 19],
  [26, 8],
];
const STROKE = 3;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rows.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Coverage of a shape at a pixel, from its signed distance (negative inside), for smooth edges. */
function coverage(distance, unitsPerPixel) {
  return Math.max(0, Math.min(1, 0.5 - distance / unitsPerPixel));
}

function roundedSquareDistance(x, y, radius) {
  const qx = Math.abs(x - 16) - (16 - radius);
  const qy = Math.abs(y - 16) - (16 - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** maskable: square background and the line scaled into the middle 80 % (the safe zone). */
function drawIcon(size, maskable) {
  const rgba = new Uint8Array(size * size * 4);
  const unitsPerPixel = 32 / size;
  const scale = maskable ? 0.8 : 1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const ux = (x + 0.5) * unitsPerPixel;
      const uy = (y + 0.5) * unitsPerPixel;
      const background = maskable ? 1 : coverage(roundedSquareDistance(ux, uy, 6), unitsPerPixel);
      const lx = 16 + (ux - 16) / scale;
      const ly = 16 + (uy - 16) / scale;
      let nearest = Infinity;
      for (let i = 1; i < LINE.length; i++) nearest = Math.min(nearest, distanceToSegment(lx, ly, LINE[i - 1], LINE[i]));
      const line = coverage((nearest - STROKE / 2) * scale, unitsPerPixel) * background;
      const offset = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) rgba[offset + c] = Math.round(BLUE[c] * (1 - line) + WHITE[c] * line);
      rgba[offset + 3] = Math.round(background * 255);
    }
  }
  return encodePng(size, rgba);
}

const dir = new URL("../public/icons/", import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL("icon-192.png", dir), drawIcon(192, false));
writeFileSync(new URL("icon-512.png", dir), drawIcon(512, false));
writeFileSync(new URL("icon-maskable-512.png", dir), drawIcon(512, true));
