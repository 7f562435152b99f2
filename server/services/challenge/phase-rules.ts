// The part of the Rules page that states dates and quotas. It is written from the phases on
// every request instead of being stored with the host's text: text written once at creation
// went stale as soon as a host changed a quota or a date.
import type { PhaseRecord } from "../../repositories/challenge-repository";
import { phaseState } from "./phase-state";

/** "2026-12-02 21:00 UTC": the site's one date format (app/_components/format.ts). */
export function formatInstant(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
const when = formatInstant;

const times = (n: number) => `${n} submission${n === 1 ? "" : "s"}`;

type PhaseRules = Pick<PhaseRecord, "name" | "startsAt" | "endsAt" | "dailyQuota" | "totalQuota" | "failedCountTowardsQuota" | "ladder"> & {
  finalChoices?: number;
  testDatasetId?: string | null;
  isFinal?: boolean;
  committedModels?: boolean;
};

function quotaLine(p: PhaseRules): string {
  if (p.totalQuota === 0 || p.dailyQuota === 0) return "- No submissions are accepted in this phase (its quota is 0).";
  const daily = p.dailyQuota >= p.totalQuota ? "" : `up to **${times(p.dailyQuota)} per day** (days run from 00:00 UTC) and `;
  return `- Each participant may make ${daily}**${times(p.totalQuota)} in total**${daily ? "" : ", on any days"}.`;
}

export function phaseRulesMarkdown(phases: readonly PhaseRules[], now: Date): string {
  if (phases.length === 0) return "No phase is scheduled yet.";
  return phases
    .map((p) => {
      const state = phaseState(p, now);
      if (p.committedModels) {
        const lines = [
          `### ${p.name} (${state})${p.isFinal ? ": the final leaderboard" : ""}`,
          `- ${state === "closed" ? "Ran" : "Runs"} from **${when(p.startsAt)}** to **${when(p.endsAt)}** on test images of its own, released when it opens.`,
          "- No uploads: when it opens, the platform runs each participant's ONNX model committed in the phase before (the one they chose on My submissions, or else their best public one there) on these images. Only those runs enter this leaderboard, each shown with its model's sha256 and commit time.",
        ];
        return lines.join("\n");
      }
      const lines = [
        `### ${p.name} (${state})${p.isFinal ? ": the final leaderboard" : ""}`,
        `- ${state === "closed" ? "Ran" : "Runs"} from **${when(p.startsAt)}** to **${when(p.endsAt)}**; submissions are accepted only in between.`,
        ...(p.testDatasetId ? ["- Scored on test images of its own, which can be downloaded only once it opens."] : []),
        quotaLine(p),
        p.failedCountTowardsQuota
          ? "- Rejected or failed submissions count towards the quota."
          : "- Rejected or failed submissions do not count towards the quota.",
      ];
      if (p.finalChoices !== undefined) {
        lines.push(
          `- Before it closes, each participant may choose up to **${times(p.finalChoices)}** for the private leaderboard (My submissions tab); the best private score among them counts. Without a choice, the private score of the best public submission counts.`,
        );
      }
      if (p.ladder) {
        lines.push("- The public leaderboard shows a new score only when it improves significantly on the participant's shown score (the Ladder).");
      }
      return lines.join("\n");
    })
    .join("\n\n");
}
