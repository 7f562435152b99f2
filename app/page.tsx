import type { Metadata } from "next";
import { ChallengeList } from "./_components/challenge-list";
import { api } from "./_trpc/server";

export const metadata: Metadata = {
  title: "Challenges · scopebench",
  description:
    "Bioimage-analysis benchmarks with hidden ground truth, sandboxed scoring, and public and private leaderboards: browse the open challenges.",
};

export default async function HomePage() {
  const challenges = await api.challenge.list();
  return (
    <>
      <h1>Challenges</h1>
      <p className="lead">
        Bioimage-analysis benchmarks with hidden ground truth, sandboxed scoring, and public and private leaderboards.
      </p>
      <ChallengeList challenges={challenges} />
    </>
  );
}
