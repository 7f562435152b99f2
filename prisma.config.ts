// Prisma 6.19 CLI without downloaded engines: the JS engine plus a driver adapter.
// The CLI needs @prisma/adapter-pg 7.x (aliased): 6.19's adapter cannot read the
// catalog type `name` during `migrate deploy` ("Column type 'name' could not be deserialized").
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg-cli";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL must be set for the Prisma CLI");
    return new PrismaPg({ connectionString });
  },
});
