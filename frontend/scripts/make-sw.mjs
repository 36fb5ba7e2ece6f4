// Writes out/sw.js after `next build` (npm's postbuild): the worker in src/service-worker/
// with the build id as its version and the export's files as the app shell it caches, so the
// app opens without a network and a deploy replaces the cache. Same export, same bytes.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const OUT = "out";
const version = readFileSync(".next/BUILD_ID", "utf8").trim();

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

// Pages by their URL (/search/ rather than /search/index.html), the way links ask for them;
// the 404 page's copies are left out.
const shell = files(OUT)
  .map((file) => "/" + relative(OUT, file).split(sep).join("/"))
  .filter((url) => url !== "/sw.js" && url !== "/404.html" && !url.startsWith("/404/") && !url.startsWith("/_not-found/"))
  .map((url) => url.replace(/(^|\/)index\.html$/, "$1"))
  .sort();

const worker = readFileSync("src/service-worker/sw.js", "utf8");
writeFileSync(
  join(OUT, "sw.js"),
  `const VERSION = ${JSON.stringify(version)};\nconst SHELL = ${JSON.stringify(shell, null, 1)};\n${worker}`,
);
console.log(`sw.js: version ${version}, ${shell.length} files in the app shell`);
