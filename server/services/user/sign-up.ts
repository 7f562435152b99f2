import { ZSignUpRequestSchema, type SignUpRequest, type UserDto } from "../../contracts/user";
import { createPasswordAccount } from "./create-password-account";

/** Anyone can sign up; the contract refuses bad names and passwords bcrypt would cut. */
export async function signUp(request: SignUpRequest): Promise<UserDto> {
  return createPasswordAccount(ZSignUpRequestSchema.parse(request));
}
