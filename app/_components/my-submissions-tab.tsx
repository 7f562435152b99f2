"use client";
import Link from "next/link";
import { useSession } from "next-auth/react";
import { trpc } from "../_trpc/client";
import { formatDate, formatScore } from "./format";
import { StatusBadge } from "./status-badge";

export function MySubmissionsTab({ slug }: { slug: string }) {
  const { status } = useSession();
  const mine = trpc.submission.mine.useQuery(
    { challenge: slug },
    {
      enabled: status === "authenticated",
      refetchInterval: (query) =>
        query.state.data?.some((s) => s.status === "queued" || s.status === "running") ? 3000 : false,
    },
  );
  if (status !== "authenticated") return <p>Sign in to see your submissions.</p>;
  if (mine.error) return <div className="error-box">{mine.error.message}</div>;
  if (mine.data?.length === 0) return <p className="muted">No submissions yet.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>Submitted</th>
          <th>File</th>
          <th>Status</th>
          <th className="num">Public score</th>
          <th className="num">Private score</th>
          <th>Message</th>
        </tr>
      </thead>
      <tbody>
        {mine.data?.map((s) => (
          <tr key={s.id}>
            <td><Link href={`/submissions/${s.id}`}>{formatDate(s.createdAt)}</Link></td>
            <td>{s.filename}</td>
            <td><StatusBadge status={s.status} /></td>
            <td className="num">{formatScore(s.publicScore)}</td>
            <td className="num">
              {s.status !== "scored" ? "—" : s.privateScore === null ? <span className="muted">hidden until the phase ends</span> : formatScore(s.privateScore)}
            </td>
            <td>{s.errorMessage ? (s.errorMessage.length > 90 ? `${s.errorMessage.slice(0, 90)}…` : s.errorMessage) : ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
