import type { SubmissionDto } from "@/server/contracts/submission";
import { formatDate, formatScore, formatValue } from "./format";
import { PerItemTable } from "./per-item-table";

/** The breakdowns of a score the viewer may see: over public images while the test set is hidden. */
export function ScoreBreakdown({ s }: { s: SubmissionDto }) {
  const b = s.breakdown;
  const over = b.scope === "public" ? "over the public test images" : "over all test images";
  return (
    <>
      {b.validation && <ValidationResults validation={b.validation} />}

      {b.perThreshold.length > 0 && (
        <>
          <h2>
            Score at each IoU threshold <span className="muted small">({over})</span>
          </h2>
          <div className="table-wrap">
            <table data-testid="per-threshold-table">
              <thead>
                <tr>
                  <th>Threshold</th>
                  {b.perThreshold.map((t) => (
                    <th key={t.threshold} className="num">
                      {t.threshold.toFixed(2)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">Value</th>
                  {b.perThreshold.map((t) => (
                    <td key={t.threshold} className="num">
                      {formatScore(t.value)}
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
        </>
      )}

      {b.perCondition && (
        <>
          <h2>
            By {b.perCondition.column} <span className="muted small">({over})</span>
          </h2>
          <div className="table-wrap">
            <table data-testid="per-condition-table">
              <thead>
                <tr>
                  <th>{b.perCondition.column}</th>
                  <th className="num">Score</th>
                  {b.scope === "all" && <th className="num">Images</th>}
                </tr>
              </thead>
              <tbody>
                {b.perCondition.rows.map((row) => (
                  <tr key={row.value}>
                    <td>{row.value}</td>
                    <td className="num">{formatScore(row.score)}</td>
                    {b.scope === "all" && <td className="num">{row.images === null ? "—" : formatValue(row.images)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {b.perClass.length > 0 && (
        <>
          <h2>Per class</h2>
          <div className="table-wrap">
            <table data-testid="per-class-table">
              <thead>
                <tr>
                  <th>Class</th>
                  <th className="num">F1</th>
                  <th className="num">Precision</th>
                  <th className="num">Recall</th>
                  <th className="num">Support</th>
                </tr>
              </thead>
              <tbody>
                {b.perClass.map((c) => (
                  <tr key={c.classId}>
                    <td>
                      <span className="muted">{c.classId}</span> {c.name}
                    </td>
                    <td className="num">{formatScore(c.f1)}</td>
                    <td className="num">{formatScore(c.precision)}</td>
                    <td className="num">{formatScore(c.recall)}</td>
                    <td className="num">{formatValue(c.support)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {b.perItem.length > 0 ? (
        <>
          <h2>Per image</h2>
          <PerItemTable items={b.perItem} />
        </>
      ) : (
        s.status === "scored" &&
        b.scope === "public" && (
          <p className="muted small" data-testid="per-image-hidden">
            Per-image and per-class results, and the private score, are shown once every phase using these test images has closed
            {s.revealAt ? ` (${formatDate(s.revealAt)})` : ""}: until then they would tell which images are public and what the hidden
            truth holds. Aggregates above cover the public test images only
            {b.perCondition ? ", each over at least five images" : ""}.
          </p>
        )
      )}
    </>
  );
}

/** Per-image feedback during the phase: the host's validation images, outside the test set. */
function ValidationResults({ validation }: { validation: NonNullable<SubmissionDto["breakdown"]["validation"]> }) {
  return (
    <section data-testid="validation-results">
      <h2>
        Validation images <span className="muted small">(not part of the test set: every result shown at once, in no score)</span>
      </h2>
      <p>
        Score on the validation images: <strong data-testid="validation-score">{formatScore(validation.score)}</strong>
        {validation.perThreshold.length > 0 && (
          <span className="muted small">
            {" "}
            ({validation.perThreshold.map((t) => `${t.threshold.toFixed(2)}: ${formatScore(t.value)}`).join(" · ")})
          </span>
        )}
      </p>
      {validation.perClass.length > 0 && (
        <p className="muted small">
          Lowest F1 by class:{" "}
          {[...validation.perClass]
            .sort((a, b) => a.f1 - b.f1)
            .slice(0, 5)
            .map((c) => `${c.name} ${formatScore(c.f1)}`)
            .join(" · ")}
        </p>
      )}
      {validation.perItem.length > 0 && <PerItemTable items={validation.perItem} />}
    </section>
  );
}
