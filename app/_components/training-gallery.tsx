"use client";
import { useState } from "react";
import { trpc } from "../_trpc/client";

/** Training images, a page at a time, with the object outlines (or labels) on request. */
export function TrainingGallery({ slug }: { slug: string }) {
  const [page, setPage] = useState(0);
  const [overlay, setOverlay] = useState(true);
  const gallery = trpc.challenge.gallery.useQuery({ slug, page, pageSize: 12 });
  if (gallery.isLoading) return <p className="muted">Loading training images…</p>;
  if (gallery.error) return <div className="error-box">{gallery.error.message}</div>;
  const data = gallery.data;
  if (!data || data.total === 0) return <p className="muted">This dataset has no training images.</p>;
  const pages = Math.ceil(data.total / data.pageSize);
  const hasOverlays = data.items.some((item) => item.overlayUrl);
  return (
    <div data-testid="gallery">
      <div className="toolbar">
        {hasOverlays && (
          <label className="toggle">
            <input type="checkbox" checked={overlay} onChange={(e) => setOverlay(e.target.checked)} data-testid="overlay-toggle" /> Show masks
          </label>
        )}
        <span className="muted small">
          {data.total} training images · page {data.page + 1} of {pages}
        </span>
        <button type="button" className="small" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
          ← Previous
        </button>
        <button type="button" className="small" disabled={page + 1 >= pages} onClick={() => setPage((p) => p + 1)}>
          Next →
        </button>
      </div>
      <div className="gallery">
        {data.items.map((item) => (
          <figure key={item.imageId} className="gallery-item">
            {/* Plain <img>: the route streams PNGs from the blob store; Next's optimizer would re-encode them. */}
            <img
              src={overlay && item.overlayUrl ? item.overlayUrl : item.imageUrl}
              alt={`training image ${item.imageId}`}
              width={item.width}
              height={item.height}
              loading="lazy"
              data-testid="gallery-image"
            />
            <figcaption>
              <code title={item.imageId}>{item.imageId.slice(0, 10)}…</code>
              {item.objectCount !== null && <span> · {item.objectCount} objects</span>}
              {/* condition and modality often agree ("fluorescence"): each value once. */}
              {[...new Set(["condition", "modality", "cellLine", "density"].map((key) => item.metadata[key]).filter((v) => v !== undefined).map(String))].map((value) => (
                <span key={value} className="badge neutral">
                  {value}
                </span>
              ))}
              {item.labels.length > 0 && <div className="labels">{item.labels.map((l) => l.name).join(", ")}</div>}
            </figcaption>
          </figure>
        ))}
      </div>
    </div>
  );
}
