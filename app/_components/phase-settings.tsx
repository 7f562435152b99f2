"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { quotaProblems, type PhaseDto } from "@/server/contracts/challenge";
import { trpc } from "../_trpc/client";
import { DateTimeInput } from "./date-time-input";
import { errorMessage } from "./format";
import { QuotaWarning } from "./quota-warning";

/** Hosts' controls for a phase: name, dates and times, quotas, whether failed submissions count, the Ladder. */
export function PhaseSettings({ slug, phase, title = "Phase settings (hosts)" }: { slug: string; phase: PhaseDto; title?: string }) {
  const utils = trpc.useUtils();
  const router = useRouter();
  const [name, setName] = useState(phase.name);
  const [startsAt, setStartsAt] = useState<Date | null>(phase.startsAt);
  const [endsAt, setEndsAt] = useState<Date | null>(phase.endsAt);
  const [daily, setDaily] = useState(String(phase.dailyQuota));
  const [total, setTotal] = useState(String(phase.totalQuota));
  const [failedCount, setFailedCount] = useState(phase.failedCountTowardsQuota);
  const [ladder, setLadder] = useState(phase.ladder);
  const [finalChoices, setFinalChoices] = useState(String(phase.finalChoices));
  const [confirmQuota, setConfirmQuota] = useState(false);
  const [testDataset, setTestDataset] = useState(phase.testDatasetSlug ?? "");
  const [isFinal, setIsFinal] = useState(phase.isFinal);
  const [committedModels, setCommittedModels] = useState(phase.committedModels);
  const datasets = trpc.dataset.list.useQuery();
  const update = trpc.challenge.updatePhase.useMutation({
    // The challenge page is rendered on the server: refreshing it shows the new settings.
    onSuccess: async () => {
      await utils.submission.quota.invalidate({ slug });
      router.refresh();
    },
  });
  const quota = { dailyQuota: Number(daily), totalQuota: Number(total) };
  // The server asks for a confirmation only when the quota changes (update-phase.ts).
  const quotaChanged = quota.dailyQuota !== phase.dailyQuota || quota.totalQuota !== phase.totalQuota;
  const problems = quotaChanged ? quotaProblems(quota) : [];

  return (
    <div className="card" style={{ marginTop: "1.5rem" }} data-testid="phase-settings">
      <h2>{title}</h2>
      <p className="muted small">
        {phase.name} <span className={`badge ${phase.state}`}>{phase.state}</span>: its times, quotas, whether failed submissions use them up, and
        the overfitting guard. The Rules tab states them from these settings.
      </p>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          if (!startsAt || !endsAt) return;
          update.mutate({
            phaseId: phase.id,
            name,
            startsAt,
            endsAt,
            ...quota,
            failedCountTowardsQuota: failedCount,
            ladder,
            finalChoices: Number(finalChoices),
            // Sent only when changed: an opened stage's test set cannot change.
            ...(testDataset !== (phase.testDatasetSlug ?? "") ? { testDatasetSlug: testDataset || null } : {}),
            isFinal,
            ...(committedModels !== phase.committedModels ? { committedModels } : {}),
            ...(problems.length > 0 && confirmQuota ? { confirmQuota: true } : {}),
          });
        }}
      >
        <label>
          Name
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} required maxLength={60} data-testid="phase-name" />
        </label>
        <DateTimeInput label="Opens" value={startsAt} onChange={setStartsAt} testId="phase-starts" />
        <DateTimeInput label="Closes" value={endsAt} onChange={setEndsAt} testId="phase-ends" />
        <label>
          Submissions per day
          <input type="number" min={0} value={daily} onChange={(e) => setDaily(e.target.value)} data-testid="phase-daily" />
        </label>
        <label>
          Submissions in total
          <input type="number" min={0} value={total} onChange={(e) => setTotal(e.target.value)} data-testid="phase-total" />
        </label>
        <label title="Kaggle allows 2: the best private score among a participant's chosen submissions counts; without a choice, their best public one's.">
          Final submissions per participant
          <input type="number" min={1} max={20} value={finalChoices} onChange={(e) => setFinalChoices(e.target.value)} data-testid="phase-final-choices" />
        </label>
        <QuotaWarning problems={problems} confirmed={confirmQuota} onConfirm={setConfirmQuota} />
        <label className="wide toggle">
          <span>
            <input type="checkbox" checked={failedCount} onChange={(e) => setFailedCount(e.target.checked)} /> failed submissions use up quota
          </span>
        </label>
        <label
          className="wide toggle"
          title="The public board shows a new score only when it beats the participant's shown score by more than s/√n (Blum & Hardt 2015); participants see exact public scores only after the reveal."
        >
          <span>
            <input type="checkbox" checked={ladder} onChange={(e) => setLadder(e.target.checked)} data-testid="ladder-toggle" /> Overfitting guard (the
            Ladder) on the public board
          </span>
        </label>
        <label className="wide" title="A stage with test images of its own (the DSB's stage 2): nobody can see or download them before the phase opens.">
          Test images
          <select value={testDataset} onChange={(e) => setTestDataset(e.target.value)} data-testid="phase-test-dataset">
            <option value="">the challenge&apos;s dataset</option>
            {datasets.data?.map((d) => (
              <option key={d.slug} value={d.slug}>
                {d.name} ({d.slug})
              </option>
            ))}
          </select>
        </label>
        <label className="wide toggle">
          <span>
            <input type="checkbox" checked={isFinal} onChange={(e) => setIsFinal(e.target.checked)} data-testid="phase-final" /> This phase&apos;s board is the
            final leaderboard
          </span>
        </label>
        <label className="wide toggle" title="No uploads: when it opens, each participant's ONNX model committed in the phase before (or their best public one) is run on its test images.">
          <span>
            <input type="checkbox" checked={committedModels} onChange={(e) => setCommittedModels(e.target.checked)} data-testid="phase-committed-models" /> Run
            the models committed in the phase before (no uploads)
          </span>
        </label>
        <div className="wide">
          <button type="submit" disabled={update.isPending || !startsAt || !endsAt} data-testid="phase-save">
            {update.isPending ? "Saving…" : "Save"}
          </button>
        </div>
      </form>
      {update.isSuccess && <div className="ok-box">Saved.</div>}
      {update.error && <div className="error-box">{errorMessage(update.error)}</div>}
    </div>
  );
}
