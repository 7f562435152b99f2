import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "./_components/site-header";
import { Providers } from "./_trpc/provider";
import "./globals.css";

export const metadata: Metadata = {
  title: "scopebench",
  description: "Bioimage-analysis challenges with hidden ground truth, sandboxed scoring and honest leaderboards.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <SiteHeader />
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
