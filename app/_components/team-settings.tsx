"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { trpc } from "../_trpc/client";
import { DateTimeInput } from "./date-time-input";
import { errorMessage } from "./format";

/** Hosts' team setting: until when teams may form and merge (Kaggle's team merger deadline). */
export function TeamSettings({ slug, deadline }: { slug: string; deadline: Date | null }) {
  const router = useRouter();
  const [value, setValue] = useState<Date | null>(deadline);
  const update = trpc.challenge.update.useMutation({ onSuccess: () => router.refresh() });
  return (
    <div className="card" style={{ marginTop: "1.5rem" }} data-testid="team-settings">
      <h2>Teams</h2>
      <p className="muted small">
        Participants form teams on the Teams tab; a team&apos;s members share its quota, board entry and final choices. Teams may form and merge until this
        instant (without one: until the last phase closes), and a merge is refused if the merged team would have made more submissions than one team may.
      </p>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ slug, teamMergeDeadline: value });
        }}
      >
        <DateTimeInput label="Team merge deadline" value={value} onChange={setValue} testId="team-merge-deadline" />
        <div className="wide">
          <button type="submit" disabled={update.isPending} data-testid="team-settings-save">
            {update.isPending ? "Saving…" : "Save"}
          </button>{" "}
          {deadline && (
            <button type="button" className="secondary" disabled={update.isPending} onClick={() => update.mutate({ slug, teamMergeDeadline: null })}>
              No deadline (until the last phase closes)
            </button>
          )}
        </div>
      </form>
      {update.isSuccess && <div className="ok-box">Saved.</div>}
      {update.error && <div className="error-box">{errorMessage(update.error)}</div>}
    </div>
  );
}
