import { getPrisma } from "../db/client";

export const siteVersionRepository = {
  /**
   * A number that grows whenever anything a public page shows changes: challenge versions
   * come from one sequence (migration 20261202160000_site_version) and their rows are never
   * deleted, so the largest of them grows with every change of any challenge.
   */
  async current(): Promise<bigint> {
    const rows = await getPrisma().$queryRaw<Array<{ v: bigint | null }>>`SELECT max("version") AS v FROM "ChallengeVersion"`;
    return BigInt(rows[0]?.v ?? 0);
  },
};
