"use client";
import { useState } from "react";
import { trpc } from "../_trpc/client";
import { errorMessage, formatDate } from "./format";

/**
 * Teams: every team and its members for everyone; for a signed-in participant their team
 * (invite, leave), a form to found one, and the invitations they received. A team submits,
 * chooses final submissions and appears on the boards as one entrant, through any member.
 */
export function TeamsTab({ slug, signedIn }: { slug: string; signedIn: boolean }) {
  const utils = trpc.useUtils();
  const teams = trpc.team.list.useQuery({ slug });
  const mine = trpc.team.mine.useQuery({ slug }, { enabled: signedIn });
  const [name, setName] = useState("");
  const [invitee, setInvitee] = useState("");
  // Submissions, quota and boards change hands with a team change.
  const refresh = () =>
    Promise.all([utils.team.invalidate(), utils.submission.mine.invalidate({ challenge: slug }), utils.submission.quota.invalidate({ slug }), utils.leaderboard.get.invalidate({ challenge: slug })]);
  const create = trpc.team.create.useMutation({ onSuccess: refresh });
  const invite = trpc.team.invite.useMutation({
    onSuccess: () => {
      setInvitee("");
      return refresh();
    },
  });
  const accept = trpc.team.accept.useMutation({ onSuccess: refresh });
  const decline = trpc.team.decline.useMutation({ onSuccess: refresh });
  const leave = trpc.team.leave.useMutation({ onSuccess: refresh });
  const error = create.error ?? invite.error ?? accept.error ?? decline.error ?? leave.error;
  const me = mine.data;

  return (
    <>
      {signedIn && me && (
        <section className="card" data-testid="my-team">
          {me.team ? (
            <>
              <h2 data-testid="my-team-name">Your team: {me.team.name}</h2>
              <p className="muted small">
                Every member submits, chooses final submissions and sees the submissions as the team; the quota is the team&apos;s.
                {me.changesCloseAt && ` Teams can change and merge until ${formatDate(me.changesCloseAt)}.`}
              </p>
              <ul data-testid="my-team-members">
                {me.team.members.map((m) => (
                  <li key={m.userId}>{m.name}</li>
                ))}
              </ul>
              {me.team.invites.length > 0 && <p className="muted small">Invited: {me.team.invites.map((i) => i.name).join(", ")}</p>}
              {me.changesOpen && (
                <form
                  className="inline-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    invite.mutate({ slug, user: invitee });
                  }}
                >
                  <input type="text" placeholder="email or name" value={invitee} onChange={(e) => setInvitee(e.target.value)} required data-testid="team-invite-input" />
                  <button type="submit" disabled={invite.isPending} data-testid="team-invite">
                    Invite
                  </button>
                  <button type="button" className="secondary" disabled={leave.isPending} onClick={() => leave.mutate({ slug })} data-testid="team-leave">
                    Leave the team
                  </button>
                </form>
              )}
              {invite.isSuccess && <div className="ok-box">Invited.</div>}
            </>
          ) : (
            <>
              <h2>Form a team</h2>
              <p className="muted small">Your submissions so far become the team&apos;s. Invite others once it exists.</p>
              {me.changesOpen ? (
                <form
                  className="inline-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    create.mutate({ slug, name });
                  }}
                >
                  <input type="text" placeholder="team name" value={name} onChange={(e) => setName(e.target.value)} required minLength={2} maxLength={60} data-testid="team-name-input" />
                  <button type="submit" disabled={create.isPending} data-testid="team-create">
                    Create team
                  </button>
                </form>
              ) : (
                <p className="muted">Teams can no longer form or merge{me.changesCloseAt ? ` (since ${formatDate(me.changesCloseAt)})` : ""}.</p>
              )}
            </>
          )}
          {me.invites.length > 0 && (
            <div data-testid="team-invitations">
              <h3>Invitations</h3>
              {me.invites.map((i) => (
                <div key={i.id} className="invite-row" data-testid="team-invitation">
                  <span>
                    <strong>{i.teamName}</strong> ({i.members.join(", ")}) invited you{me.team ? "; accepting brings your whole team (a merge)" : ""}.
                  </span>{" "}
                  <button type="button" disabled={accept.isPending} onClick={() => accept.mutate({ inviteId: i.id })} data-testid="team-accept">
                    Accept
                  </button>{" "}
                  <button type="button" className="secondary" disabled={decline.isPending} onClick={() => decline.mutate({ inviteId: i.id })}>
                    Decline
                  </button>
                </div>
              ))}
            </div>
          )}
          {error && <div className="error-box" data-testid="team-error">{errorMessage(error)}</div>}
        </section>
      )}
      <h2>Teams</h2>
      {teams.data && teams.data.length === 0 && <p className="empty">No teams yet: participants take part alone until they form one.</p>}
      {teams.data && teams.data.length > 0 && (
        <div className="table-wrap">
          <table data-testid="teams-table">
            <thead>
              <tr>
                <th>Team</th>
                <th>Members</th>
              </tr>
            </thead>
            <tbody>
              {teams.data.map((t) => (
                <tr key={t.id} data-testid="team-row">
                  <td>{t.name}</td>
                  <td>{t.members.map((m) => m.name).join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
