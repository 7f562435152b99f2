import { getPrisma } from "../db/client";

export const revokedSessionRepository = {
  /** Records a session as ended until `expiresAt` (no cookie carrying it can live longer). */
  async revoke(sessionId: string, userId: string, expiresAt: Date): Promise<void> {
    await getPrisma().revokedSession.upsert({
      where: { sessionId },
      create: { sessionId, userId, expiresAt },
      update: { expiresAt },
    });
  },
  async isRevoked(sessionId: string): Promise<boolean> {
    const row = await getPrisma().revokedSession.findUnique({ where: { sessionId }, select: { expiresAt: true } });
    return row !== null && row.expiresAt > new Date();
  },
  async deleteExpired(): Promise<void> {
    await getPrisma().revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  },
};
