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
  countAdmins() {
    return getPrisma().user.count({ where: { role: "admin" } });
  },
};
