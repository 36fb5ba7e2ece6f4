import type { NextConfig } from "next";

// Static export: nginx serves out/ and there is no Node process at run time.
const nextConfig: NextConfig = {
  output: "export",
  trailingSlash: true,
  images: { unoptimized: true },
};

export default nextConfig;
