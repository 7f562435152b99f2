import type { SessionUser } from "../../contracts/common";
import { userRepository } from "../../repositories/user-repository";

/** Finds the account for a GitHub login: by GitHub id, else by verified email (linking it), else new. */
export async function githubSignIn(profile: { githubId: string; email: string; name: string }): Promise<SessionUser> {
  const byGithub = await userRepository.findByGithubId(profile.githubId);
  if (byGithub) return byGithub;
  const email = profile.email.toLowerCase();
  const byEmail = await userRepository.findByEmailWithPassword(email);
  if (byEmail) return userRepository.linkGithub(byEmail.id, profile.githubId);
  return userRepository.create({ email, name: profile.name, githubId: profile.githubId });
}
