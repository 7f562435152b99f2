"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ChallengeDetailDto } from "@/server/contracts/challenge";
import { trpc } from "../_trpc/client";
import { errorMessage } from "./format";
import { Markdown } from "./markdown";

const PAGES = [
  { id: "overview", label: "Overview" },
  { id: "data", label: "Data" },
  { id: "evaluation", label: "Evaluation" },
  { id: "rules", label: "Rules" },
] as const;
type PageId = (typeof PAGES)[number]["id"];

/** Hosts edit the title, the summary and the four markdown pages, with a preview as participants will see it. */
export function ChallengeEditor({ challenge }: { challenge: ChallengeDetailDto }) {
  const router = useRouter();
  const [title, setTitle] = useState(challenge.title);
  const [summary, setSummary] = useState(challenge.summary);
  const [pages, setPages] = useState<Record<PageId, string>>({
    overview: challenge.overviewMd,
    data: challenge.dataMd,
    evaluation: challenge.evaluationMd,
    rules: challenge.rulesMd,
  });
  const [page, setPage] = useState<PageId>("overview");
  const update = trpc.challenge.update.useMutation({ onSuccess: () => router.refresh() });

  return (
    <section className="card" data-testid="challenge-editor">
      <h2>Title and pages</h2>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ slug: challenge.slug, title, summary, pages });
        }}
      >
        <label>
          Title
          <input type="text" value={title} onChange={(e) => setTitle(e.target.value)} required minLength={3} maxLength={120} data-testid="edit-title" />
        </label>
        <label>
          Summary
          <input type="text" value={summary} onChange={(e) => setSummary(e.target.value)} required minLength={3} maxLength={300} data-testid="edit-summary" />
        </label>
        <div className="wide">
          <nav className="tabs" aria-label="Page to edit">
            {PAGES.map((p) => (
              <button
                key={p.id}
                type="button"
                className={`link-button${p.id === page ? " active" : ""}`}
                style={{ padding: "0.4rem 0.8rem", fontWeight: p.id === page ? 600 : 500, borderBottom: p.id === page ? "2px solid var(--accent)" : "2px solid transparent" }}
                aria-pressed={p.id === page}
                onClick={() => setPage(p.id)}
                data-testid={`edit-page-${p.id}`}
              >
                {p.label}
              </button>
            ))}
          </nav>
          {page === "rules" && (
            <p className="muted small">
              Dates and quotas are stated under your rules from the phase settings (see Phases below): write only what they do not say.
            </p>
          )}
        </div>
        <label>
          Markdown
          <textarea
            className="code"
            rows={18}
            value={pages[page]}
            maxLength={50_000}
            onChange={(e) => setPages({ ...pages, [page]: e.target.value })}
            data-testid="edit-markdown"
          />
        </label>
        <div>
          <div className="muted small" style={{ fontWeight: 500 }}>
            Preview
          </div>
          <div data-testid="edit-preview">
            <Markdown source={pages[page]} />
          </div>
        </div>
        <div className="wide">
          <button type="submit" disabled={update.isPending} data-testid="edit-save">
            {update.isPending ? "Saving…" : "Save title and pages"}
          </button>
        </div>
      </form>
      {update.isSuccess && <div className="ok-box">Saved.</div>}
      {update.error && <div className="error-box">{errorMessage(update.error)}</div>}
    </section>
  );
}
