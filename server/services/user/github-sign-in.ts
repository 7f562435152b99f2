import type { SessionUser } from "../../contracts/common";
import { userRepository } from "../../repositories/user-repository";
import { BASELINE_EMAIL_SUFFIX, sanitiseDisplayName } from "./display-name";

/** Finds the account for a GitHub login: by GitHub id, else by verified email (linking it), else new. */
export async function githubSignIn(profile: { githubId: string; email: string; name: string }): Promise<SessionUser> {
  const byGithub = await userRepository.findByGithubId(profile.githubId);
  if (byGithub) return byGithub;
  const email = profile.email.toLowerCase();
  const byEmail = await userRepository.findByEmailWithPassword(email);
  if (byEmail) return userRepository.linkGithub(byEmail.id, profile.githubId);
  // A GitHub profile name is not ours to refuse: what is not allowed is dropped instead.
  const baselineNames = await userRepository.findNamesByEmailSuffix(BASELINE_EMAIL_SUFFIX);
  const name = sanitiseDisplayName(profile.name, { fallback: `GitHub user ${profile.githubId}`.slice(0, 100), baselineNames });
  return userRepository.create({ email, name, githubId: profile.githubId });
}
