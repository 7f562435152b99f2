"use client";
import { useEffect } from "react";

/**
 * Titles for pages whose data loads in the browser. A rendered <title> would be hoisted after
 * the one from the layout's metadata, and browsers use the first.
 */
export function useDocumentTitle(title: string | null) {
  useEffect(() => {
    if (title) document.title = title;
  }, [title]);
}
