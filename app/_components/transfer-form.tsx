"use client";
import Link from "next/link";
import { useState } from "react";
import { trpc } from "../_trpc/client";
import { errorMessage } from "./format";

/** On a scored model's page: run it on another challenge's hidden test images. */
export function TransferForm({ submissionId, challengeSlug }: { submissionId: string; challengeSlug: string }) {
  const challenges = trpc.challenge.list.useQuery();
  const [target, setTarget] = useState("");
  const transfer = trpc.submission.transfer.useMutation();
  const others = (challenges.data ?? []).filter((c) => c.slug !== challengeSlug);
  if (others.length === 0) return null;
  return (
    <div className="card" data-testid="transfer-form">
      <h2 style={{ marginTop: 0 }}>Evaluate on another challenge</h2>
      <p className="muted small">
        Runs this model on another challenge&apos;s hidden test images (it must take models of the same kind, and have closed unless
        you host it). The score goes to this challenge&apos;s{" "}
        <Link href={`/challenges/${challengeSlug}?tab=transfer`}>Transfer</Link> tab, not onto any leaderboard.
      </p>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          if (target) transfer.mutate({ submissionId, targetSlug: target });
        }}
      >
        <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="transfer-target">
          <option value="">Choose a challenge…</option>
          {others.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.title}
            </option>
          ))}
        </select>
        <button type="submit" disabled={!target || transfer.isPending}>
          Evaluate
        </button>
      </form>
      {transfer.data && <div className="info-box">Queued; the result appears on the Transfer tab.</div>}
      {transfer.error && <div className="error-box">{errorMessage(transfer.error)}</div>}
    </div>
  );
}
