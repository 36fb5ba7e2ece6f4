// Reports the JavaScript each exported page loads before any interaction (gzip sizes),
// since Next.js 16 with Turbopack no longer prints first-load sizes. Run after `next build`;
// an argument names another export directory (build-support/bench/bench-ui.py passes the image's).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const OUT = process.argv[2] ? resolve(process.argv[2]) : new URL("../out/", import.meta.url).pathname;
const BUDGET_KB = 200;

// Links are not followed: the image links /app/frontend/public and .next back into the export.
function htmlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "_next" ? [] : htmlFiles(path);
    return entry.isFile() && entry.name.endsWith(".html") ? [path] : [];
  });
}

// Modern browsers skip `nomodule` scripts (the legacy polyfills), so they are not counted.
const SCRIPT = /<script\b([^>]*)\bsrc="([^"]+\.js)"([^>]*)>/g;

let overBudget = false;
for (const file of htmlFiles(OUT).sort()) {
  const html = readFileSync(file, "utf8");
  const sources = new Set();
  for (const [, before, src, after] of html.matchAll(SCRIPT)) {
    if (!`${before} ${after}`.toLowerCase().includes("nomodule")) sources.add(src);
  }
  let total = 0;
  for (const src of sources) total += gzipSync(readFileSync(join(OUT, src.replace(/^\//, "")))).length;
  const kb = total / 1024;
  overBudget ||= kb > BUDGET_KB;
  console.log(`${relative(OUT, file).padEnd(28)} ${kb.toFixed(1).padStart(7)} KB gzip  (${sources.size} scripts)`);
}
if (overBudget) {
  console.error(`A page exceeds the ${BUDGET_KB} KB budget.`);
  process.exit(1);
}
