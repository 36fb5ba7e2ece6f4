// Marks the export's JavaScript chunks for eager compilation (npm's postbuild, before make-sw.mjs).
// `//# allFunctionsCalledOnLoad` as a script's first line is V8's explicit compile hint: Chromium
// then compiles all of the script's functions on a background thread while it downloads, instead
// of each one on the main thread when it is first called. Nearly all of a chunk runs as a page
// loads (the framework's start, the page's first render, the chart library's first draw), and
// that compiling made the longest main-thread tasks of a page load on a phone. To other engines
// it is a comment. Same export, same bytes.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const CHUNKS = "out/_next/static/chunks";
const HINT = "//# allFunctionsCalledOnLoad\n";

let marked = 0;
for (const name of readdirSync(CHUNKS, { recursive: true, encoding: "utf8" })) {
  if (!name.endsWith(".js")) continue;
  const file = join(CHUNKS, name);
  const script = readFileSync(file, "utf8");
  if (script.startsWith(HINT)) continue;
  writeFileSync(file, HINT + script);
  marked += 1;
}
console.log(`compile hints: ${marked} chunks`);
