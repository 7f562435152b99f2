import type { Metadata } from "next";
import type { Session } from "next-auth";
import type { ReactNode } from "react";
import { SESSION_MAX_AGE_SECONDS } from "@/server/auth/auth-options";
import { SiteHeader } from "./_components/site-header";
import { Providers } from "./_trpc/provider";
import { api, getViewer, HydrateClient } from "./_trpc/server";
import "./globals.css";

export const metadata: Metadata = {
  title: "scopebench",
  description: "Bioimage-analysis challenges with hidden ground truth, sandboxed scoring and honest leaderboards.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  // The header asks for the viewer's role (hosts get a link); answered here, it is in the first HTML.
  if (viewer) await api.user.me.prefetch();
  // The shape next-auth's /api/auth/session answers (only the id travels besides name and email).
  const user = { id: viewer?.id, name: viewer?.name, email: viewer?.email };
  const session: Session | null = viewer
    ? { user, expires: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000).toISOString() }
    : null;
  return (
    <html lang="en">
      <body>
        <Providers session={session}>
          <HydrateClient>
            <SiteHeader />
          </HydrateClient>
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
