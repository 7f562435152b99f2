"use client";
import Link, { useLinkStatus } from "next/link";
import type { ReactNode } from "react";

/** Tabs are links (each tab's HTML comes from the server); the one being loaded says so. */
export function TabLink({ href, active, children }: { href: string; active: boolean; children: ReactNode }) {
  return (
    <Link href={href} className={active ? "active" : undefined} aria-current={active ? "page" : undefined} scroll={false}>
      {children}
      <PendingMark />
    </Link>
  );
}

function PendingMark() {
  const { pending } = useLinkStatus();
  return pending ? <span className="tab-pending" role="status" aria-label="loading" /> : null;
}
