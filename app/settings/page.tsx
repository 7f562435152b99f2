import type { Metadata } from "next";
import { SettingsView } from "../_components/settings-view";
import { SignInPrompt } from "../_components/sign-in-prompt";
import { api, getViewer, HydrateClient } from "../_trpc/server";

export const metadata: Metadata = {
  title: "Settings · scopebench",
  description: "Your password and API tokens.",
};

export default async function SettingsPage() {
  const viewer = await getViewer();
  if (!viewer) return <SignInPrompt callbackUrl="/settings" action="to manage your settings" />;
  await Promise.all([api.user.me.prefetch(), api.user.tokens.prefetch()]);
  return (
    <HydrateClient>
      <SettingsView />
    </HydrateClient>
  );
}
