"use client";
import Link from "next/link";
import { trpc } from "../_trpc/client";
import { formatDate, formatScore } from "./format";

/** Rows: models submitted to this challenge; columns: other challenges they were run on. */
export function TransferTab({ slug }: { slug: string }) {
  const table = trpc.challenge.transfers.useQuery({ slug }, { refetchInterval: 15_000 });
  if (table.isLoading) return <p className="muted">Loading…</p>;
  if (table.error) return <div className="error-box">{table.error.message}</div>;
  const data = table.data;
  return (
    <>
      <p>
        How well do models submitted here work on other data? A model&apos;s owner can run it on another challenge with a compatible
        model contract once that challenge has closed (its hosts can at any time), from the model&apos;s submission page. The scores
        count on no leaderboard; where the metric is per image, they are broken down by imaging condition.
      </p>
      {!data || data.rows.length === 0 ? (
        <p className="muted" data-testid="transfer-empty">
          No model of this challenge has been evaluated elsewhere yet.
        </p>
      ) : (
        <div className="table-wrap">
          <table data-testid="transfer-table">
            <thead>
              <tr>
                <th>Model</th>
                <th className="num">Here (public)</th>
                {data.targets.map((t) => (
                  <th key={t.slug}>
                    <Link href={`/challenges/${t.slug}`}>{t.title}</Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => (
                <tr key={row.submissionId} data-testid="transfer-row">
                  <td>
                    {row.participant} {row.isBaseline && <span className="badge neutral">baseline</span>}
                    <div className="muted small">{row.filename}</div>
                  </td>
                  <td className="num">{row.ownPublicScore === null ? "—" : formatScore(row.ownPublicScore)}</td>
                  {data.targets.map((t) => {
                    const cell = row.cells[t.slug];
                    if (!cell) return <td key={t.slug} className="muted">—</td>;
                    if (cell.hiddenUntil) {
                      return (
                        <td key={t.slug} className="muted small" data-testid="transfer-hidden">
                          {cell.status === "scored" ? "scored" : cell.status}; shown when {t.title} has closed ({formatDate(cell.hiddenUntil)})
                        </td>
                      );
                    }
                    if (cell.status !== "scored") {
                      return (
                        <td key={t.slug} className="muted" title={cell.errorMessage ?? undefined}>
                          {cell.status}
                        </td>
                      );
                    }
                    return (
                      <td key={t.slug}>
                        <strong>{cell.score === null ? "—" : formatScore(cell.score)}</strong>
                        {cell.byCondition?.rows.map((r) => (
                          <div key={r.value} className="muted small">
                            {r.value}: {formatScore(r.score)} ({r.images})
                          </div>
                        ))}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
