import { getPrisma } from "../db/client";
import type { Role } from "../contracts/common";

const userSelect = { id: true, email: true, name: true, role: true } as const;

export const userRepository = {
  findById(id: string) {
    return getPrisma().user.findUnique({ where: { id }, select: userSelect });
  },
  findByEmailWithPassword(email: string) {
    return getPrisma().user.findUnique({
      where: { email },
      select: { ...userSelect, passwordHash: true },
    });
  },
  /** With what decides whether a session is still valid (see resolve-session-user.ts). */
  findByIdWithSessionState(id: string) {
    return getPrisma().user.findUnique({ where: { id }, select: { ...userSelect, sessionsValidFrom: true } });
  },
  findByIdWithPassword(id: string) {
    return getPrisma().user.findUnique({ where: { id }, select: { ...userSelect, passwordHash: true } });
  },
  /** Names of accounts whose email ends with `suffix` (the platform's baselines: "@scopebench.invalid"). */
  async findNamesByEmailSuffix(suffix: string): Promise<string[]> {
    const rows = await getPrisma().user.findMany({ where: { email: { endsWith: suffix } }, select: { name: true } });
    return rows.map((r) => r.name);
  },
  /** A new password hash; sessions that began before `sessionsValidFrom` stop working. */
  setPassword(id: string, passwordHash: string, sessionsValidFrom: Date) {
    return getPrisma().user.update({ where: { id }, data: { passwordHash, sessionsValidFrom }, select: userSelect });
  },
  findByGithubId(githubId: string) {
    return getPrisma().user.findUnique({ where: { githubId }, select: userSelect });
  },
  create(data: { email: string; name: string; passwordHash?: string; githubId?: string; role?: Role }) {
    return getPrisma().user.create({ data, select: userSelect });
  },
  linkGithub(id: string, githubId: string) {
    return getPrisma().user.update({ where: { id }, data: { githubId }, select: userSelect });
  },
  setRole(id: string, role: Role) {
    return getPrisma().user.update({ where: { id }, data: { role }, select: userSelect });
  },
  findByEmail(email: string) {
    return getPrisma().user.findUnique({ where: { email }, select: userSelect });
  },
  /** Display names are not unique: every account with this name (case-insensitive), at most `take`. */
  findManyByName(name: string, take = 5) {
    // Team accounts (named as their team) are nobody's to invite or promote.
    return getPrisma().user.findMany({ where: { name: { equals: name, mode: "insensitive" }, teamAccount: { is: null } }, select: userSelect, take, orderBy: { email: "asc" } });
  },
  findManyByRoles(roles: Role[]) {
    return getPrisma().user.findMany({ where: { role: { in: roles } }, select: userSelect, orderBy: [{ role: "asc" }, { name: "asc" }] });
  },
  countAdmins() {
    return getPrisma().user.count({ where: { role: "admin" } });
  },
};
