import type { Metadata } from "next";
import { HostView } from "../_components/host-view";
import { SignInPrompt } from "../_components/sign-in-prompt";
import { api, getViewer, HydrateClient } from "../_trpc/server";

export const metadata: Metadata = {
  title: "Host · scopebench",
  description: "Import datasets and open challenges on them.",
};

export default async function HostPage() {
  const viewer = await getViewer();
  if (!viewer) return <SignInPrompt callbackUrl="/host" action="as a host to import datasets and open challenges" />;
  if (viewer.role !== "host" && viewer.role !== "admin") {
    return <p>Only hosts can import datasets and open challenges. An administrator can make you one.</p>;
  }
  await Promise.all([api.dataset.list.prefetch(), api.dataset.myImports.prefetch()]);
  return (
    <HydrateClient>
      <HostView />
    </HydrateClient>
  );
}
