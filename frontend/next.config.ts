import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { NextConfig } from "next";

/**
 * The build id from the sources rather than Next.js' random one: the same sources give a
 * byte-identical export (reproducible builds), changed sources a new id, so the URLs of the
 * files under _next/static/<id>/ (cached as immutable) change with them.
 */
function sourceDigest(): string {
  const inputs = ["package-lock.json", "next.config.ts", "src", "public"];
  const files = inputs.flatMap((input) =>
    statSync(input).isDirectory()
      ? readdirSync(input, { recursive: true, encoding: "utf8" })
          .map((name) => path.join(input, name))
          .filter((name) => statSync(name).isFile())
      : [input],
  );
  const hash = createHash("sha256");
  for (const file of files.sort()) hash.update(file).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex").slice(0, 20);
}

// Static export: nginx serves out/ and there is no Node process at run time.
const nextConfig: NextConfig = {
  output: "export",
  trailingSlash: true,
  images: { unoptimized: true },
  generateBuildId: async () => sourceDigest(),
};

export default nextConfig;
