"use client";

/**
 * The server refuses odd quotas (0, or a day's quota above the whole phase's) unless the
 * host confirms them; the form says so before it is sent, in the server's words.
 */
export function QuotaWarning({ problems, confirmed, onConfirm }: { problems: string[]; confirmed: boolean; onConfirm: (confirmed: boolean) => void }) {
  if (problems.length === 0) return null;
  return (
    <div className="wide warn-box" data-testid="quota-warning">
      {problems.map((p) => `${p.charAt(0).toUpperCase()}${p.slice(1)}.`).join(" ")}
      <label className="inline" style={{ flexDirection: "row", marginTop: "0.5rem" }}>
        <input type="checkbox" checked={confirmed} onChange={(e) => onConfirm(e.target.checked)} data-testid="quota-confirm" /> Keep these quotas
      </label>
    </div>
  );
}
