import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(__dirname, "..");

describe("AppLink", () => {
  it("is the only user of next/link, so no link prefetches", () => {
    const direct = readdirSync(SRC, { recursive: true, encoding: "utf8" })
      .filter((name) => /\.tsx?$/.test(name) && !name.endsWith(path.join("components", "AppLink.tsx")))
      .filter((name) => /from ["']next\/link["']/.test(readFileSync(path.join(SRC, name), "utf8")));
    expect(direct).toEqual([]);
  });
});
