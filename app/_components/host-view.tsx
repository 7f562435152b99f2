"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { DatasetImportDto, DatasetImportPreview } from "@/server/contracts/dataset";
import { TASK_TYPE_TITLES } from "@/datasets/task-types";
import { uploadFrameBody } from "@/server/contracts/upload-frame";
import { quotaProblems } from "@/server/contracts/challenge";
import { trpc } from "../_trpc/client";
import { ConfirmButton } from "./confirm-button";
import { DateTimeInput } from "./date-time-input";
import { QuotaWarning } from "./quota-warning";
import { errorMessage, formatDate } from "./format";
import { UploadProgressBar, useUpload } from "./upload-progress";

/** Hosts bring data (a zip in the DSB, HPA or instance-label layout) and open challenges on it. */
export function HostView() {
  return (
    <>
      <h1>Host</h1>
      <AdminLink />
      <DatasetList />
      <ImportForm />
      <MyImports />
      <NewChallengeForm />
      <BundleImportForm />
    </>
  );
}

function DatasetList() {
  const datasets = trpc.dataset.list.useQuery();
  const utils = trpc.useUtils();
  const remove = trpc.dataset.delete.useMutation({ onSettled: () => utils.dataset.list.invalidate() });
  return (
    <section>
      <h2>Datasets</h2>
      {datasets.error && <div className="error-box">{datasets.error.message}</div>}
      {remove.error && <div className="error-box" data-testid="dataset-delete-error">{errorMessage(remove.error)}</div>}
      {datasets.data && datasets.data.length === 0 && <p className="muted">No datasets yet.</p>}
      {datasets.data && datasets.data.length > 0 && (
        <div className="table-wrap">
          <table data-testid="dataset-table">
            <thead>
              <tr>
                <th>Slug</th>
                <th>Name</th>
                <th>Task</th>
                <th className="num">Images</th>
                <th className="num">Challenges</th>
                <th>Source</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {datasets.data.map((d) => (
                <tr key={d.slug}>
                  <td>
                    <code>{d.slug}</code>
                  </td>
                  <td>{d.name}</td>
                  <td>{TASK_TYPE_TITLES[d.taskType]}</td>
                  <td className="num">{d.images}</td>
                  <td className="num">{d.challenges}</td>
                  <td className="muted">{d.source}</td>
                  <td>
                    {/* Only datasets no challenge uses, imported by this host (or any, for an admin). */}
                    {d.canDelete && (
                      <ConfirmButton
                        className="secondary small"
                        disabled={remove.isPending}
                        testId="dataset-delete"
                        question={`Delete dataset "${d.slug}" (${d.images} images) and all its files? This cannot be undone.`}
                        onConfirm={() => remove.mutate({ slug: d.slug })}
                      >
                        Delete
                      </ConfirmButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ImportForm() {
  const utils = trpc.useUtils();
  const start = useUpload("dataset.import", { onSuccess: () => utils.dataset.myImports.invalidate() });
  const [split, setSplit] = useState<"auto" | "usage" | "stratified">("auto");
  const preview = trpc.dataset.previewImport.useMutation();
  /** The upload body (header with the options, then the zip), or null without a file. */
  const uploadBody = (formElement: HTMLFormElement): Blob | null => {
    const form = new FormData(formElement);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return null;
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const layout = text("layout");
    const fractions = text("fractions").split(",").map(Number);
    const options = {
      slug: text("slug"),
      name: text("name"),
      description: text("description"),
      ...(layout ? { layout } : {}),
      ...(text("metadataFile") ? { metadataFile: text("metadataFile") } : {}),
      ...(text("labels") === "single" ? { taskType: "singlelabel_classification" } : {}),
      ...(split === "usage"
        ? { split: { kind: "usage" } }
        : split === "stratified"
          ? {
              split: {
                kind: "stratified",
                ...(text("by") ? { by: text("by") } : {}),
                seed: Number(text("seed") || 0),
                fractions: { train: fractions[0], public_test: fractions[1], private_test: fractions[2], validation: fractions[3] ?? 0 },
              },
            }
          : {}),
    };
    return uploadFrameBody({ filename: file.name, options }, file);
  };
  return (
    <section>
      <h2>Import a dataset</h2>
      <p className="muted small">
        A zip of a folder in the Kaggle DSB 2018 layout (<code>&lt;ImageId&gt;/images/&lt;ImageId&gt;.png</code> and{" "}
        <code>masks/*.png</code>, and/or a solution CSV), the Kaggle HPA layout (<code>&lt;Id&gt;_green.png</code>… and{" "}
        <code>train.csv</code>) or image/label pairs (<code>name.tif</code> + <code>name_masks.tif</code>), optionally with a{" "}
        <code>metadata.csv</code> (<code>ImageId,&lt;column&gt;…</code>). Everything is checked first; every problem is listed and
        nothing is stored until the whole dataset is valid.
      </p>
      <form
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault();
          const body = uploadBody(event.currentTarget);
          if (body) start.mutate(body);
        }}
      >
        <label>
          Archive (.zip)
          <input type="file" name="file" accept=".zip,application/zip" required data-testid="import-file" />
        </label>
        <label>
          Slug
          <input name="slug" required pattern="[a-z0-9][a-z0-9-]*" placeholder="dsb2018-stage1" data-testid="import-slug" />
        </label>
        <label>
          Name
          <input name="name" required placeholder="DSB 2018 stage 1" data-testid="import-name" />
        </label>
        <label>
          Layout
          <select name="layout" defaultValue="">
            <option value="">detect</option>
            <option value="dsb">DSB 2018 (folders of images and masks)</option>
            <option value="hpa">HPA (four channel files per sample)</option>
            <option value="instance-labels">image + label image pairs</option>
          </select>
        </label>
        <label>
          Labels (HPA layout)
          <select name="labels" defaultValue="multi" data-testid="import-labels">
            <option value="multi">any number per image (multi-label)</option>
            <option value="single">exactly one per image (single-label: accuracy, macro F1)</option>
          </select>
        </label>
        <label>
          Metadata file in the archive
          <input name="metadataFile" placeholder="metadata.csv (found automatically)" />
        </label>
        <label>
          Splits
          <select name="split" value={split} onChange={(e) => setSplit(e.target.value as typeof split)} data-testid="import-split">
            <option value="auto">Usage column if there is one, else a seeded split</option>
            <option value="usage">from the Usage column (Public / Private = test)</option>
            <option value="stratified">seeded, stratified split</option>
          </select>
        </label>
        {split === "stratified" && (
          <>
            <label>
              Stratify over metadata column
              <input name="by" placeholder="e.g. condition (empty: no strata)" />
            </label>
            <label>
              Seed
              <input name="seed" type="number" defaultValue={0} />
            </label>
            <label>
              Fractions train, public, private[, validation]
              <input name="fractions" defaultValue="0.6,0.2,0.2" pattern="[0-9.]+,[0-9.]+,[0-9.]+(,[0-9.]+)?" />
              <span className="muted small">
                Validation images (optional fourth number) are outside the test set: participants get per-image results on them during
                the phase; they count in no score.
              </span>
            </label>
          </>
        )}
        <label className="wide">
          Description
          <input name="description" placeholder="Where the data comes from, licence, …" />
        </label>
        <div className="wide">
          <button type="submit" disabled={start.isPending} data-testid="import-submit">
            {start.isPending ? "Uploading…" : "Upload and import"}
          </button>
          {/* Reads, validates and splits the archive as the import would, and stores nothing. */}
          <button
            type="button"
            className="secondary"
            disabled={preview.isPending}
            data-testid="import-preview"
            onClick={(event) => {
              const form = event.currentTarget.form;
              if (!form?.reportValidity()) return;
              const body = uploadBody(form);
              if (body) preview.mutate(body);
            }}
          >
            {preview.isPending ? "Reading the archive…" : "Preview the split"}
          </button>
          {start.isPending && start.progress && <UploadProgressBar progress={start.progress} label="Uploading the archive" />}
        </div>
      </form>
      {start.error && <div className="error-box">{errorMessage(start.error)}</div>}
      {preview.error && <div className="error-box">{errorMessage(preview.error)}</div>}
      {preview.data && <ImportPreview preview={preview.data} />}
    </section>
  );
}

const SPLIT_COLUMNS = [
  ["train", "Train"],
  ["public_test", "Public test"],
  ["private_test", "Private test"],
  ["validation", "Validation"],
] as const;

/** What the import would make: images per split, per value of the counted column and per class. */
function ImportPreview({ preview }: { preview: DatasetImportPreview }) {
  if (!preview.ok) {
    return (
      <div className="error-box" data-testid="import-preview-result">
        {preview.problems.length} problem{preview.problems.length === 1 ? "" : "s"}; the import would fail.
        <ul>
          {preview.problems.slice(0, 200).map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      </div>
    );
  }
  const columns = SPLIT_COLUMNS.filter(([split]) => split !== "validation" || preview.splits.validation > 0);
  const rows = [
    { key: "all", name: "All images", counts: preview.splits },
    ...(preview.column === null ? [] : preview.byValue.map((r) => ({ key: `v:${r.value ?? ""}`, name: `${preview.column} = ${r.value ?? "(none)"}`, counts: r.counts }))),
    ...preview.byLabel.map((r) => ({ key: `l:${r.label}`, name: `${r.label} ${r.name}`, counts: r.counts })),
  ];
  return (
    <div data-testid="import-preview-result">
      <p>
        Preview (nothing stored): {preview.images} images, {preview.layout} layout, {TASK_TYPE_TITLES[preview.taskType]}.
        {preview.slugTaken && <span className="muted"> A dataset with this slug exists: importing changes nothing for the same data and is refused for other data.</span>}
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th />
              {columns.map(([split, title]) => (
                <th key={split} className="num">
                  {title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <td>{row.name}</td>
                {columns.map(([split]) => (
                  <td key={split} className="num">
                    {row.counts[split]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {/* Listed, not only counted: one says when data imported as multi-label has one label per image. */}
      {preview.warnings.length > 0 && (
        <details data-testid="import-preview-warnings">
          <summary className="muted small">{preview.warnings.length} warning(s)</summary>
          <ul className="small">
            {preview.warnings.slice(0, 100).map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function ImportStatus({ item }: { item: DatasetImportDto }) {
  const running = item.status === "queued" || item.status === "running";
  return (
    <li className="import-item" data-testid="import-item" data-status={item.status}>
      <div>
        <strong>{item.name}</strong> <code>{item.slug}</code> · <span data-testid="import-status">{item.status}</span>
        {item.outcome === "unchanged" && <span className="muted"> (same data as before: nothing changed)</span>}
        <span className="muted small"> · {formatDate(item.createdAt)}</span>
      </div>
      {running && (
        <div className="progress" title={`${item.phase} ${item.done}/${item.total}`}>
          <div className="bar" style={{ width: `${item.total > 0 ? Math.round((100 * item.done) / item.total) : 0}%` }} />
          <span className="small muted">
            {item.phase} {item.total > 0 ? `${item.done} / ${item.total}` : ""}
          </span>
        </div>
      )}
      {item.status === "failed" && (
        <div className="error-box">
          {item.problems.length} problem{item.problems.length === 1 ? "" : "s"}; nothing was imported.
          <ul data-testid="import-problems">
            {item.problems.slice(0, 200).map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
          {item.problems.length > 200 && <p>… and {item.problems.length - 200} more.</p>}
        </div>
      )}
      {item.warnings.length > 0 && (
        <details>
          <summary>
            {item.warnings.length} warning{item.warnings.length === 1 ? "" : "s"}
          </summary>
          <ul>
            {item.warnings.slice(0, 100).map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}

function MyImports() {
  const utils = trpc.useUtils();
  const imports = trpc.dataset.myImports.useQuery(undefined, {
    // Poll only while something is in progress.
    refetchInterval: (query) => (query.state.data?.some((i) => i.status === "queued" || i.status === "running") ? 1000 : false),
  });
  const doneKey = imports.data?.filter((i) => i.status === "succeeded").map((i) => i.id).join(",") ?? "";
  // Starts from the imports the server rendered: only imports finishing from now on refresh the list.
  const [seenDone, setSeenDone] = useState<string>(doneKey);
  if (doneKey !== seenDone) {
    setSeenDone(doneKey);
    void utils.dataset.list.invalidate();
  }
  if (!imports.data || imports.data.length === 0) return null;
  return (
    <section>
      <h2>Your imports</h2>
      <ul className="import-list">
        {imports.data.map((item) => (
          <ImportStatus key={item.id} item={item} />
        ))}
      </ul>
    </section>
  );
}

/** Administrators grant the host role on their own page. */
function AdminLink() {
  const me = trpc.user.me.useQuery(undefined, { staleTime: 60_000 });
  if (me.data?.role !== "admin") return null;
  return (
    <p className="muted small">
      <Link href="/admin" data-testid="admin-link">
        Admin: grant the host role
      </Link>
      {" · "}A challenge&apos;s pages, phases and co-hosts are edited from its page (&ldquo;Edit pages, phases and hosts&rdquo;).
    </p>
  );
}

function NewChallengeForm() {
  const router = useRouter();
  const datasets = trpc.dataset.list.useQuery();
  const create = trpc.challenge.create.useMutation({ onSuccess: (created) => router.push(`/challenges/${created.slug}`) });
  const [datasetSlug, setDatasetSlug] = useState("");
  const [acceptModels, setAcceptModels] = useState(false);
  const dataset = datasets.data?.find((d) => d.slug === datasetSlug) ?? datasets.data?.[0];
  // A starting contract; the server validates whatever the host writes (model-contract.ts).
  // Classification: classCount and decision come from the dataset when left out.
  const defaultContract = JSON.stringify(dataset && dataset.taskType !== "instance_segmentation" ? { task: "classification", inputSize: 128 } : { task: "segmentation", channels: "grey", size: { kind: "dynamic", stride: 32 } }, null, 2);
  const [contractError, setContractError] = useState<string | null>(null);
  // Open from this minute, for 90 days; shown and typed in the host's own time zone.
  const [startsAt, setStartsAt] = useState<Date | null>(() => new Date(Math.floor(Date.now() / 60_000) * 60_000));
  const [endsAt, setEndsAt] = useState<Date | null>(() => new Date(Math.floor(Date.now() / 60_000) * 60_000 + 90 * 86_400_000));
  const [dailyQuota, setDailyQuota] = useState("5");
  const [totalQuota, setTotalQuota] = useState("100");
  const [confirmQuota, setConfirmQuota] = useState(false);
  const quotaIssues = quotaProblems({ dailyQuota: Number(dailyQuota), totalQuota: Number(totalQuota) });
  return (
    <section>
      <h2>Open a challenge</h2>
      {!dataset ? (
        <p className="muted">Import a dataset first.</p>
      ) : (
        <form
          className="form-grid"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            const text = (name: string) => String(form.get(name) ?? "").trim();
            if (!startsAt || !endsAt) return;
            let modelContract: unknown;
            if (acceptModels) {
              try {
                modelContract = JSON.parse(text("modelContract"));
              } catch {
                setContractError("The model contract is not valid JSON.");
                return;
              }
            }
            setContractError(null);
            create.mutate({
              ...(acceptModels ? { modelContract } : {}),
              slug: text("slug"),
              title: text("title"),
              summary: text("summary"),
              datasetSlug: dataset.slug,
              metricId: text("metric"),
              submissionKinds: acceptModels ? ["prediction_csv", "onnx_model"] : ["prediction_csv"],
              phase: {
                name: "Stage 1",
                startsAt,
                endsAt,
                dailyQuota: Number(dailyQuota),
                totalQuota: Number(totalQuota),
                ...(quotaIssues.length > 0 && confirmQuota ? { confirmQuota: true } : {}),
              },
            });
          }}
        >
          <label>
            Dataset
            <select value={dataset.slug} onChange={(e) => setDatasetSlug(e.target.value)} data-testid="challenge-dataset">
              {datasets.data?.map((d) => (
                <option key={d.slug} value={d.slug}>
                  {d.name} ({d.slug})
                </option>
              ))}
            </select>
            {dataset.challenges > 0 && (
              <div className="warn-box" data-testid="shared-test-set-notice">
                The test images of this dataset already back {dataset.challenges === 1 ? "a challenge" : `${dataset.challenges} challenges`}.
                Private scores and per-image results of all challenges on them are revealed together, once the last phase on them has
                closed; a test set that has already been revealed cannot back a new challenge.
              </div>
            )}
          </label>
          <label>
            Metric
            <select name="metric" key={dataset.slug} defaultValue={dataset.metrics[0]?.id}>
              {dataset.metrics.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            Slug (URL)
            <input name="slug" required pattern="[a-z0-9][a-z0-9-]*" data-testid="challenge-slug" />
          </label>
          <label>
            Title
            <input name="title" required minLength={3} data-testid="challenge-title" />
          </label>
          <label className="wide">
            Summary
            <input name="summary" required minLength={3} data-testid="challenge-summary" />
          </label>
          <DateTimeInput label="Opens" value={startsAt} onChange={setStartsAt} testId="challenge-starts" />
          <DateTimeInput label="Closes" value={endsAt} onChange={setEndsAt} testId="challenge-ends" />
          <label>
            Submissions per day
            <input name="dailyQuota" type="number" min={0} value={dailyQuota} onChange={(e) => setDailyQuota(e.target.value)} required />
          </label>
          <label>
            Submissions in total
            <input name="totalQuota" type="number" min={0} value={totalQuota} onChange={(e) => setTotalQuota(e.target.value)} required />
          </label>
          <QuotaWarning problems={quotaIssues} confirmed={confirmQuota} onConfirm={setConfirmQuota} />
          <label className="wide toggle">
            <span>
              <input type="checkbox" checked={acceptModels} onChange={(e) => setAcceptModels(e.target.checked)} data-testid="challenge-accept-models" /> Also
              accept ONNX models (the platform runs them on the hidden test images)
            </span>
          </label>
          {acceptModels && (
            <label className="wide">
              Model contract (JSON; see the README for every field)
              <textarea name="modelContract" key={dataset.slug} rows={8} defaultValue={defaultContract} className="code" />
            </label>
          )}
          <div className="wide">
            <button type="submit" disabled={create.isPending} data-testid="challenge-create">
              {create.isPending ? "Creating…" : "Open the challenge"}
            </button>
            <span className="muted small"> The pages start from a template written from the dataset ({dataset.images} images) and the metric.</span>
          </div>
        </form>
      )}
      {contractError && <div className="error-box">{contractError}</div>}
      {create.error && <div className="error-box">{errorMessage(create.error)}</div>}
    </section>
  );
}

/** A challenge from a bundle exported on this site or another (README, "Challenge bundles"). */
function BundleImportForm() {
  const router = useRouter();
  const importBundle = trpc.challenge.importBundle.useMutation({ onSuccess: (created) => router.push(`/challenges/${created.slug}`) });
  return (
    <section>
      <h2>Import a bundle</h2>
      <p className="muted small">
        A zip with <code>challenge.yaml</code> and <code>pages/*.md</code>, as <em>Export bundle</em> on a challenge&apos;s Edit page writes
        it. Its dataset must already be on this site (by slug); nothing is created unless the whole bundle is valid.
      </p>
      <form
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const file = form.get("file");
          if (!(file instanceof File) || file.size === 0) return;
          const slug = String(form.get("slug") ?? "").trim();
          importBundle.mutate(uploadFrameBody({ filename: file.name, ...(slug ? { slug } : {}) }, file));
        }}
      >
        <label>
          Bundle (.zip)
          <input type="file" name="file" accept=".zip" required data-testid="bundle-file" />
        </label>
        <label>
          New slug (the bundle&apos;s when empty)
          <input type="text" name="slug" data-testid="bundle-slug" />
        </label>
        <button type="submit" disabled={importBundle.isPending} data-testid="bundle-import">
          {importBundle.isPending ? "Importing…" : "Import the bundle"}
        </button>
      </form>
      {importBundle.error && (
        <div className="error-box" data-testid="bundle-import-error" style={{ whiteSpace: "pre-wrap" }}>
          {errorMessage(importBundle.error)}
        </div>
      )}
    </section>
  );
}
