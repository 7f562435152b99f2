"use client";
import { useState } from "react";
import type { PhaseDto } from "@/server/contracts/challenge";
import { trpc } from "../_trpc/client";
import { errorMessage } from "./format";

/** Hosts' controls for a phase: quotas and whether failed submissions count. */
export function PhaseSettings({ slug, phase }: { slug: string; phase: PhaseDto }) {
  const utils = trpc.useUtils();
  const [daily, setDaily] = useState(String(phase.dailyQuota));
  const [total, setTotal] = useState(String(phase.totalQuota));
  const [failedCount, setFailedCount] = useState(phase.failedCountTowardsQuota);
  const update = trpc.challenge.updatePhase.useMutation({ onSuccess: () => utils.challenge.bySlug.invalidate({ slug }) });
  return (
    <div className="card" style={{ marginTop: "1.5rem" }}>
      <h2 style={{ marginTop: 0 }}>Phase settings (hosts)</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ phaseId: phase.id, dailyQuota: Number(daily), totalQuota: Number(total), failedCountTowardsQuota: failedCount });
        }}
      >
        <label>
          Per day <input type="text" inputMode="numeric" value={daily} onChange={(e) => setDaily(e.target.value)} style={{ width: 80 }} />
        </label>
        <label>
          In total <input type="text" inputMode="numeric" value={total} onChange={(e) => setTotal(e.target.value)} style={{ width: 90 }} />
        </label>
        <label style={{ fontWeight: 400 }}>
          <input type="checkbox" checked={failedCount} onChange={(e) => setFailedCount(e.target.checked)} /> failed submissions use up quota
        </label>
        <button type="submit" disabled={update.isPending}>Save</button>
      </form>
      {update.isSuccess && <div className="ok-box" style={{ marginTop: "0.6rem" }}>Saved.</div>}
      {update.error && <div className="error-box" style={{ marginTop: "0.6rem" }}>{errorMessage(update.error)}</div>}
    </div>
  );
}
