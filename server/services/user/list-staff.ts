import type { UserDto } from "../../contracts/user";
import { userRepository } from "../../repositories/user-repository";

/** Hosts and administrators, for the admin page. */
export function listStaff(): Promise<UserDto[]> {
  return userRepository.findManyByRoles(["admin", "host"]);
}
