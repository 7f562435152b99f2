import { apiTokenRepository } from "../../repositories/api-token-repository";
import { generateApiTokenSecret, hashApiToken } from "./api-token-secret";

export async function createApiToken(input: { userId: string; name: string }) {
  const secret = generateApiTokenSecret();
  const token = await apiTokenRepository.create({
    userId: input.userId,
    name: input.name,
    tokenHash: hashApiToken(secret),
    prefix: secret.slice(0, 10),
  });
  return { token, secret };
}
