import { z } from "zod";
import { ZRole } from "./common";

export const ZSignUpRequestSchema = z.object({
  email: z.email("Enter a valid email address").max(254).transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1, "Enter your name").max(100),
  password: z.string().min(8, "Use at least 8 characters").max(200),
});
export type SignUpRequest = z.infer<typeof ZSignUpRequestSchema>;

export const ZUserDtoSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZRole,
});
export type UserDto = z.infer<typeof ZUserDtoSchema>;

export const ZCreateApiTokenRequestSchema = z.object({
  name: z.string().trim().min(1, "Name the token").max(100),
});

export const ZApiTokenDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
});
export type ApiTokenDto = z.infer<typeof ZApiTokenDtoSchema>;

export const ZCreateApiTokenResponseSchema = z.object({
  token: ZApiTokenDtoSchema,
  /** Shown once; only its hash is stored. */
  secret: z.string(),
});

export const ZRevokeApiTokenRequestSchema = z.object({ id: z.string() });
