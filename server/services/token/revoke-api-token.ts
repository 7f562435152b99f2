import { AppError, AppErrorCode } from "../../errors";
import { apiTokenRepository } from "../../repositories/api-token-repository";

export async function revokeApiToken(input: { userId: string; id: string }): Promise<void> {
  const revoked = await apiTokenRepository.revoke(input.id, input.userId);
  if (revoked === 0) throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such token." });
}
