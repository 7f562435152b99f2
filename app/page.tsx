import { ChallengeList } from "./_components/challenge-list";

export default function HomePage() {
  return (
    <>
      <h1>Challenges</h1>
      <p className="lead">
        Bioimage-analysis benchmarks with hidden ground truth, sandboxed scoring, and public and private leaderboards.
      </p>
      <ChallengeList />
    </>
  );
}
