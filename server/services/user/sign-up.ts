import { ZSignUpRequestSchema, type SignUpRequest, type UserDto } from "../../contracts/user";
import { AppError, AppErrorCode } from "../../errors";
import { userRepository } from "../../repositories/user-repository";
import { hashPassword } from "./password";

export async function signUp(request: SignUpRequest): Promise<UserDto> {
  const input = ZSignUpRequestSchema.parse(request);
  const existing = await userRepository.findByEmailWithPassword(input.email);
  if (existing) {
    throw new AppError(AppErrorCode.CONFLICT, {
      message: `An account with ${input.email} already exists. Sign in instead.`,
    });
  }
  try {
    return await userRepository.create({
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
    });
  } catch (error) {
    // Two sign-ups with one email at the same moment: the unique index decides.
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError(AppErrorCode.CONFLICT, {
        message: `An account with ${input.email} already exists. Sign in instead.`,
      });
    }
    throw error;
  }
}
