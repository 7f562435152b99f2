"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { quotaProblems, type PhaseDto } from "@/server/contracts/challenge";
import { trpc } from "../_trpc/client";
import { DateTimeInput } from "./date-time-input";
import { errorMessage } from "./format";
import { PhaseSettings } from "./phase-settings";
import { QuotaWarning } from "./quota-warning";

/** Every phase of a challenge for its hosts: settings, order, and a form for one more. */
export function PhaseManager({ slug, phases }: { slug: string; phases: PhaseDto[] }) {
  const router = useRouter();
  const reorder = trpc.challenge.reorderPhases.useMutation({ onSuccess: () => router.refresh() });
  const move = (index: number, by: -1 | 1) => {
    const ids = phases.map((p) => p.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved!);
    reorder.mutate({ slug, phaseIds: ids });
  };
  return (
    <section data-testid="phase-manager">
      <h2>Phases</h2>
      {phases.length === 0 && <p className="muted">No phase yet.</p>}
      {phases.map((phase, index) => (
        <div key={phase.id} data-testid="phase-item">
          <div className="row" style={{ marginTop: "1rem" }}>
            <button type="button" disabled={index === 0 || reorder.isPending} onClick={() => move(index, -1)} data-testid="phase-up">
              ↑ Move up
            </button>
            <button type="button" disabled={index === phases.length - 1 || reorder.isPending} onClick={() => move(index, 1)} data-testid="phase-down">
              ↓ Move down
            </button>
          </div>
          {/* Keyed by phase, so each form keeps its own values (and its "Saved.") when phases move. */}
          <PhaseSettings key={phase.id} slug={slug} phase={phase} title={`${index + 1}. ${phase.name}`} />
        </div>
      ))}
      {reorder.error && <div className="error-box">{errorMessage(reorder.error)}</div>}
      <AddPhaseForm slug={slug} after={phases.at(-1)?.endsAt ?? null} />
    </section>
  );
}

const WEEK = 7 * 24 * 3600_000;

function AddPhaseForm({ slug, after }: { slug: string; after: Date | null }) {
  const router = useRouter();
  // A week after the last phase closes, for a week: a starting point the host changes.
  const [startsAt, setStartsAt] = useState<Date | null>(after ? new Date(new Date(after).getTime() + WEEK) : null);
  const [endsAt, setEndsAt] = useState<Date | null>(after ? new Date(new Date(after).getTime() + 2 * WEEK) : null);
  const [name, setName] = useState("");
  const [daily, setDaily] = useState("5");
  const [total, setTotal] = useState("100");
  const [confirmQuota, setConfirmQuota] = useState(false);
  const add = trpc.challenge.addPhase.useMutation({
    onSuccess: () => {
      setName("");
      router.refresh();
    },
  });
  const quota = { dailyQuota: Number(daily), totalQuota: Number(total) };
  const problems = quotaProblems(quota);
  return (
    <div className="card" style={{ marginTop: "1.5rem" }} data-testid="add-phase">
      <h2>Add a phase</h2>
      <p className="muted small">Phases follow one another: a new one must not overlap another. It is shown after the others; move it above.</p>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          if (!startsAt || !endsAt) return;
          add.mutate({ slug, name, startsAt, endsAt, ...quota, ...(problems.length > 0 && confirmQuota ? { confirmQuota: true } : {}) });
        }}
      >
        <label>
          Name
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} required maxLength={60} placeholder="Stage 2" data-testid="add-phase-name" />
        </label>
        <DateTimeInput label="Opens" value={startsAt} onChange={setStartsAt} testId="add-phase-starts" />
        <DateTimeInput label="Closes" value={endsAt} onChange={setEndsAt} testId="add-phase-ends" />
        <label>
          Submissions per day
          <input type="number" min={0} value={daily} onChange={(e) => setDaily(e.target.value)} />
        </label>
        <label>
          Submissions in total
          <input type="number" min={0} value={total} onChange={(e) => setTotal(e.target.value)} />
        </label>
        <QuotaWarning problems={problems} confirmed={confirmQuota} onConfirm={setConfirmQuota} />
        <div className="wide">
          <button type="submit" disabled={add.isPending || !startsAt || !endsAt} data-testid="add-phase-submit">
            {add.isPending ? "Adding…" : "Add the phase"}
          </button>
        </div>
      </form>
      {add.error && <div className="error-box">{errorMessage(add.error)}</div>}
    </div>
  );
}
