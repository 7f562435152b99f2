import type { PhaseDto } from "@/server/contracts/challenge";
import { formatDate } from "./format";

export function PhaseTable({ phases }: { phases: PhaseDto[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th>Phase</th>
            <th>State</th>
            <th>Starts</th>
            <th>Ends</th>
            <th className="num">Per day</th>
            <th className="num">In total</th>
          </tr>
        </thead>
        <tbody>
          {phases.map((p) => (
            <tr key={p.id}>
              <td data-testid="phase-name-cell">
                {p.name}
                {p.isFinal && <span className="badge neutral">final</span>}
                {(p.ownTestSet || p.committedModels) && (
                  <div className="muted small">
                    {[p.ownTestSet && "its own test images, released when it opens", p.committedModels && "runs the models committed before it"].filter(Boolean).join("; ")}
                  </div>
                )}
              </td>
              <td>
                <span className={`badge ${p.state}`}>{p.state}</span>
              </td>
              <td className="nowrap">{formatDate(p.startsAt)}</td>
              <td className="nowrap">{formatDate(p.endsAt)}</td>
              <td className="num">{p.committedModels ? "—" : p.dailyQuota}</td>
              <td className="num">{p.committedModels ? "—" : p.totalQuota}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
