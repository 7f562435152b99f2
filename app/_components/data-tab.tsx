import type { ChallengeDataDto, ChallengeDetailDto } from "@/server/contracts/challenge";
import { DatasetCharts } from "./dataset-charts";
import { Markdown } from "./markdown";
import { TrainingGallery } from "./training-gallery";

export function DataTab({ challenge, stats }: { challenge: ChallengeDetailDto; stats: ChallengeDataDto["stats"] }) {
  const { images } = challenge.dataset;
  return (
    <>
      <div className="stats">
        <div className="stat">
          <div className="label">Training images</div>
          <div className="value">{images.train}</div>
          <div className="hint">with ground truth</div>
        </div>
        <div className="stat">
          <div className="label">Test images</div>
          <div className="value">{images.publicTest + images.privateTest}</div>
          <div className="hint">
            {images.publicTest} on the public board, {images.privateTest} on the private one
          </div>
        </div>
      </div>

      <h2>Downloads</h2>
      {challenge.downloads.length === 0 ? (
        <p className="muted">No files to download for this challenge.</p>
      ) : (
        <div className="table-wrap" style={{ marginBottom: "1.5rem" }}>
          <table>
            <thead>
              <tr>
                <th>File</th>
                <th>Contents</th>
              </tr>
            </thead>
            <tbody>
              {challenge.downloads.map((d) => (
                <tr key={d.name}>
                  <td className="nowrap">
                    {/* A plain link: the files are large, and the route handler streams them. */}
                    <a href={d.href} download data-testid={`download-${d.name}`}>
                      {d.name}
                    </a>
                  </td>
                  <td>{d.label}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <Markdown source={challenge.dataMd} />

      {stats && (
        <>
          <h2>Dataset statistics</h2>
          <DatasetCharts stats={stats} />
        </>
      )}

      <h2>Training images</h2>
      <TrainingGallery slug={challenge.slug} />
    </>
  );
}
