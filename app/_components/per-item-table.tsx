"use client";
import { useMemo, useState } from "react";
import type { SubmissionDto } from "@/server/contracts/submission";
import { formatScore, formatValue } from "./format";

type Order = "asc" | "desc" | null;

const nextOrder = (order: Order): Order => (order === "asc" ? "desc" : "asc");

/** Per-image scores; sorting by score ascending puts the images that went worst on top. */
export function PerItemTable({ items }: { items: SubmissionDto["breakdown"]["perItem"] }) {
  const [order, setOrder] = useState<Order>(null);
  const sorted = useMemo(
    () => (order === null ? items : [...items].sort((a, b) => (order === "asc" ? a.score - b.score : b.score - a.score))),
    [items, order],
  );
  const showUsage = items.some((i) => i.usage !== null);

  return (
    <>
      <div className="toolbar" style={{ marginBottom: "0.6rem" }}>
        <span className="muted small">{items.length} images.</span>
        <span className="muted small">Sort by score:</span>
        <div className="segmented" role="group" aria-label="Sort by score">
          <button type="button" className="small" aria-pressed={order === "asc"} onClick={() => setOrder("asc")} data-testid="sort-score-asc">
            lowest first
          </button>
          <button type="button" className="small" aria-pressed={order === "desc"} onClick={() => setOrder("desc")} data-testid="sort-score-desc">
            highest first
          </button>
        </div>
      </div>
      <div className="table-wrap">
        <table data-testid="per-image-table">
          <thead>
            <tr>
              <th>ImageId</th>
              {showUsage && <th>Usage</th>}
              <th className="num" aria-sort={order === "asc" ? "ascending" : order === "desc" ? "descending" : "none"}>
                <button type="button" className="sort-button" onClick={() => setOrder(nextOrder(order))}>
                  Score {order === "asc" ? "▲" : order === "desc" ? "▼" : "↕"}
                </button>
              </th>
              <th>Values</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((item) => (
              <tr key={item.id} data-testid="per-image-row">
                <td className="id-cell">{item.id}</td>
                {showUsage && <td>{item.usage ?? "—"}</td>}
                <td className="num">{formatScore(item.score)}</td>
                <td className="muted small">
                  {item.values
                    ? Object.entries(item.values)
                        .map(([k, v]) => `${k} ${formatValue(v)}`)
                        .join(" · ")
                    : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
