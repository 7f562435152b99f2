import { apiTokenRepository } from "../../repositories/api-token-repository";

export function listApiTokens(input: { userId: string }) {
  return apiTokenRepository.listActiveByUser(input.userId);
}
