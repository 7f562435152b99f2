import { z } from "zod";
import {
  ZApiTokenDtoSchema,
  ZChangePasswordRequestSchema,
  ZCreateApiTokenRequestSchema,
  ZCreateApiTokenResponseSchema,
  ZRevokeApiTokenRequestSchema,
  ZSetRoleRequestSchema,
  ZSignUpRequestSchema,
  ZUserDtoSchema,
} from "../../contracts/user";
import { createApiToken } from "../../services/token/create-api-token";
import { listApiTokens } from "../../services/token/list-api-tokens";
import { revokeApiToken } from "../../services/token/revoke-api-token";
import { changePassword } from "../../services/user/change-password";
import { listStaff } from "../../services/user/list-staff";
import { setRole } from "../../services/user/set-role";
import { signUp } from "../../services/user/sign-up";
import { adminProcedure, createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

export const userRouter = createTRPCRouter({
  signUp: publicProcedure
    .input(ZSignUpRequestSchema)
    .output(ZUserDtoSchema)
    .mutation(({ input }) => signUp(input)),

  me: protectedProcedure.output(ZUserDtoSchema).query(({ ctx }) => ctx.session.user),

  /** Ends every session of the user, this one included: the Settings page signs in again. */
  changePassword: protectedProcedure
    .input(ZChangePasswordRequestSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => changePassword({ userId: ctx.session.user.id, ...input })),

  tokens: protectedProcedure
    .output(z.array(ZApiTokenDtoSchema))
    .query(({ ctx }) => listApiTokens({ userId: ctx.session.user.id })),

  createToken: protectedProcedure
    .input(ZCreateApiTokenRequestSchema)
    .output(ZCreateApiTokenResponseSchema)
    .mutation(({ ctx, input }) => createApiToken({ userId: ctx.session.user.id, name: input.name })),

  /** Administrators grant or take back the host role (the Admin page). */
  setRole: adminProcedure
    .input(ZSetRoleRequestSchema)
    .output(ZUserDtoSchema)
    .mutation(({ input }) => setRole(input)),

  /** Hosts and administrators, for the Admin page. */
  staff: adminProcedure.output(z.array(ZUserDtoSchema)).query(() => listStaff()),

  revokeToken: protectedProcedure
    .input(ZRevokeApiTokenRequestSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => revokeApiToken({ userId: ctx.session.user.id, id: input.id })),
});
