import type { SetRoleRequest, UserDto } from "../../contracts/user";
import { AppError, AppErrorCode } from "../../errors";
import { userRepository } from "../../repositories/user-repository";
import { findUserByReference } from "./find-user-by-reference";

/**
 * Grants or takes back the host role (admin page, `npm run cli -- grant-host`). An
 * administrator's role is left alone: admins already host everything, and demoting one here
 * could leave an install without any.
 */
export async function setRole(request: SetRoleRequest): Promise<UserDto> {
  const user = await findUserByReference(request.user);
  if (user.role === "admin") {
    throw new AppError(AppErrorCode.CONFLICT, { message: `${user.name} (${user.email}) is an administrator, who hosts every challenge already; their role is not changed here.` });
  }
  if (user.role === request.role) return user;
  return userRepository.setRole(user.id, request.role);
}
