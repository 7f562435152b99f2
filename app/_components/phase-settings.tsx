"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { PhaseDto } from "@/server/contracts/challenge";
import { trpc } from "../_trpc/client";
import { errorMessage } from "./format";

/** Hosts' controls for a phase: quotas and whether failed submissions count. */
export function PhaseSettings({ slug, phase }: { slug: string; phase: PhaseDto }) {
  const utils = trpc.useUtils();
  const router = useRouter();
  const [daily, setDaily] = useState(String(phase.dailyQuota));
  const [total, setTotal] = useState(String(phase.totalQuota));
  const [failedCount, setFailedCount] = useState(phase.failedCountTowardsQuota);
  const [ladder, setLadder] = useState(phase.ladder);
  const update = trpc.challenge.updatePhase.useMutation({
    // The challenge page is rendered on the server: refreshing it shows the new quotas.
    onSuccess: async () => {
      await utils.submission.quota.invalidate({ slug });
      router.refresh();
    },
  });

  return (
    <div className="card" style={{ marginTop: "1.5rem" }} data-testid="phase-settings">
      <h2>Phase settings (hosts)</h2>
      <p className="muted small">Quotas for {phase.name}, whether failed submissions use them up, and the overfitting guard.</p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ phaseId: phase.id, dailyQuota: Number(daily), totalQuota: Number(total), failedCountTowardsQuota: failedCount, ladder });
        }}
      >
        <label className="inline">
          Per day
          <input type="number" min={0} value={daily} onChange={(e) => setDaily(e.target.value)} style={{ width: 90 }} />
        </label>
        <label className="inline">
          In total
          <input type="number" min={0} value={total} onChange={(e) => setTotal(e.target.value)} style={{ width: 110 }} />
        </label>
        <label className="inline">
          <input type="checkbox" checked={failedCount} onChange={(e) => setFailedCount(e.target.checked)} />
          failed submissions use up quota
        </label>
        <label className="inline" title="The public board shows a new score only when it beats the participant's shown score by more than s/√n (Blum & Hardt 2015); participants see exact public scores only after the reveal.">
          <input type="checkbox" checked={ladder} onChange={(e) => setLadder(e.target.checked)} data-testid="ladder-toggle" />
          Overfitting guard (the Ladder) on the public board
        </label>
        <button type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save"}
        </button>
      </form>
      {update.isSuccess && <div className="ok-box">Saved.</div>}
      {update.error && <div className="error-box">{errorMessage(update.error)}</div>}
    </div>
  );
}
