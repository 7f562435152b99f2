import { z } from "zod";
import { ZId, ZSlug, zText } from "./common";
import { ZUserReferenceSchema } from "./user";

const ZTeamMemberDtoSchema = z.object({ userId: z.string(), name: z.string(), joinedAt: z.date() });

/** A team as everyone sees it on the Teams tab: its name and members. */
export const ZTeamDtoSchema = z.object({ id: z.string(), name: z.string(), members: z.array(ZTeamMemberDtoSchema) });
export type TeamDto = z.infer<typeof ZTeamDtoSchema>;

export const ZMyTeamDtoSchema = z.object({
  /** The viewer's team, with its pending invitations (members only). */
  team: ZTeamDtoSchema.extend({ invites: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.date() })) }).nullable(),
  /** Invitations to the viewer. */
  invites: z.array(z.object({ id: z.string(), teamId: z.string(), teamName: z.string(), members: z.array(z.string()), createdAt: z.date() })),
  /** Teams may form, merge and change until then (the host's merge deadline, or the last phase's end). */
  changesCloseAt: z.date().nullable(),
  changesOpen: z.boolean(),
});
export type MyTeamDto = z.infer<typeof ZMyTeamDtoSchema>;

export const ZCreateTeamRequestSchema = z.object({ slug: ZSlug, name: zText({ trim: true, min: 2, max: 60 }) });
/** Invite by email address or display name (an ambiguous name is refused). */
export const ZInviteToTeamRequestSchema = z.object({ slug: ZSlug, user: ZUserReferenceSchema });
export const ZTeamInviteRequestSchema = z.object({ inviteId: ZId });
