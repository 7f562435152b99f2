import type { Metadata } from "next";
import { AdminRoles } from "../_components/admin-roles";
import { SignInPrompt } from "../_components/sign-in-prompt";
import { api, getViewer, HydrateClient } from "../_trpc/server";

export const metadata: Metadata = {
  title: "Admin · scopebench",
  description: "Grant the host role.",
};

export default async function AdminPage() {
  const viewer = await getViewer();
  if (!viewer) return <SignInPrompt callbackUrl="/admin" action="as an administrator" />;
  if (viewer.role !== "admin") return <p>Only administrators can grant roles.</p>;
  await api.user.staff.prefetch();
  return (
    <HydrateClient>
      <h1>Admin</h1>
      <AdminRoles />
    </HydrateClient>
  );
}
