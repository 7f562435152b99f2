// One Prisma client per process, kept on globalThis outside production so Next's hot
// reload does not open a new pool each time. Only repositories import this module.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../generated/prisma/client";
import { resolveDatabaseUrl } from "./database-url";

const globalForPrisma = globalThis as unknown as { scopebenchPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const adapter = new PrismaPg({ connectionString: resolveDatabaseUrl(), max: 10 });
  return new PrismaClient({ adapter });
}

export function getPrisma(): PrismaClient {
  if (!globalForPrisma.scopebenchPrisma) globalForPrisma.scopebenchPrisma = createClient();
  return globalForPrisma.scopebenchPrisma;
}

export async function disconnectPrisma(): Promise<void> {
  const client = globalForPrisma.scopebenchPrisma;
  globalForPrisma.scopebenchPrisma = undefined;
  await client?.$disconnect();
}

export type { PrismaClient };
export { Prisma } from "../../generated/prisma/client";
