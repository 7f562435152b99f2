"use client";
import { useState } from "react";
import { trpc } from "../_trpc/client";
import { errorMessage } from "./format";

/** Downloads the challenge as a bundle (challenge.exportBundle answers the zip as base64). */
export function ExportBundleButton({ slug }: { slug: string }) {
  const utils = trpc.useUtils();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const bundle = await utils.challenge.exportBundle.fetch({ slug }, { staleTime: 0 });
      const bytes = Uint8Array.from(atob(bundle.base64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: "application/zip" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = bundle.filename;
      link.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <p>
      <button type="button" className="link-button" onClick={() => void download()} disabled={busy} data-testid="export-bundle">
        {busy ? "Exporting…" : "Export bundle"}
      </button>{" "}
      <span className="muted small">challenge.yaml, pages and custom scorer as one zip, to open the challenge again here or elsewhere</span>
      {error && <span className="error-box">{error}</span>}
    </p>
  );
}
