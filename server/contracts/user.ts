import { z } from "zod";
import { DISPLAY_NAME_MESSAGES, displayNameProblem, normaliseDisplayName } from "../services/user/display-name";
import { passwordLengthProblem } from "../services/user/password-policy";
import { ZId, zText, ZRole } from "./common";

/**
 * A display name as typed: refused with a clear message when it hides text direction
 * controls, control characters, nothing visible or a reserved name; stored NFC-normalised.
 * Baseline names live in the database, so the sign-up service checks those.
 */
function zDisplayName(options: { allowReserved?: boolean } = {}) {
  return z
    .string()
    .max(1000, DISPLAY_NAME_MESSAGES.too_long)
    .superRefine((value, ctx) => {
      const problem = displayNameProblem(value, options);
      if (problem) ctx.addIssue({ code: "custom", message: DISPLAY_NAME_MESSAGES[problem] });
    })
    .transform(normaliseDisplayName);
}

/** A password being set: bcrypt ignores anything past 72 bytes, so those are refused. */
const ZNewPassword = z
  .string()
  .max(1000, "Use at most 72 bytes for your password")
  .superRefine((value, ctx) => {
    const problem = passwordLengthProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const ZSignUpRequestSchema = z.object({
  email: z.email("Enter a valid email address").max(254).transform((e) => e.toLowerCase()),
  name: zDisplayName(),
  password: ZNewPassword,
});
export type SignUpRequest = z.infer<typeof ZSignUpRequestSchema>;

/** create-admin: the operator may name the administrator "Admin"; every other rule holds. */
export const ZCreateAdminRequestSchema = ZSignUpRequestSchema.extend({ name: zDisplayName({ allowReserved: true }) });

export const ZChangePasswordRequestSchema = z.object({
  // Any length: an old hash may come from a longer password (bcrypt compared its first 72 bytes).
  currentPassword: z.string().min(1, "Enter your current password").max(1000),
  newPassword: ZNewPassword,
});
export type ChangePasswordRequest = z.infer<typeof ZChangePasswordRequestSchema>;

export const ZUserDtoSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZRole,
});
export type UserDto = z.infer<typeof ZUserDtoSchema>;

export const ZCreateApiTokenRequestSchema = z.object({
  name: zText({ max: 100 }).transform((v) => v.trim()).pipe(z.string().min(1, "Name the token")),
});

export const ZApiTokenDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
});

export const ZCreateApiTokenResponseSchema = z.object({
  token: ZApiTokenDtoSchema,
  /** Shown once; only its hash is stored. */
  secret: z.string(),
});

export const ZRevokeApiTokenRequestSchema = z.object({ id: ZId });

/** An account named by email address or display name (admin and host forms, the CLI). */
export const ZUserReferenceSchema = zText({ trim: true, min: 1, max: 254 });

/** Admins grant or take back the host role; administrators are made with create-admin. */
export const ZSetRoleRequestSchema = z.object({
  user: ZUserReferenceSchema,
  role: z.enum(["participant", "host"]),
});
export type SetRoleRequest = z.infer<typeof ZSetRoleRequestSchema>;
