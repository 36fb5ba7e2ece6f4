// Reports the JavaScript each exported page loads before any interaction (gzip sizes),
// since Next.js 16 with Turbopack no longer prints first-load sizes. Run after `next build`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

const OUT = new URL("../out/", import.meta.url).pathname;
const BUDGET_KB = 200;

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "_next" ? [] : htmlFiles(path);
    return name.endsWith(".html") ? [path] : [];
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
