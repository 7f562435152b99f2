import { getPrisma } from "../db/client";

const tokenSelect = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true } as const;

export const apiTokenRepository = {
  create(data: { userId: string; name: string; tokenHash: string; prefix: string }) {
    return getPrisma().apiToken.create({ data, select: tokenSelect });
  },
  listActiveByUser(userId: string) {
    return getPrisma().apiToken.findMany({
      where: { userId, revokedAt: null },
      orderBy: { createdAt: "desc" },
      select: tokenSelect,
    });
  },
  findActiveByHashIncludeUser(tokenHash: string) {
    return getPrisma().apiToken.findFirst({
      where: { tokenHash, revokedAt: null },
      select: { id: true, user: { select: { id: true, email: true, name: true, role: true } } },
    });
  },
  /** Returns how many tokens were revoked (0 when not the user's or already revoked). */
  async revoke(id: string, userId: string) {
    const { count } = await getPrisma().apiToken.updateMany({
      where: { id, userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return count;
  },
  touch(id: string) {
    return getPrisma().apiToken.update({ where: { id }, data: { lastUsedAt: new Date() }, select: { id: true } });
  },
};
