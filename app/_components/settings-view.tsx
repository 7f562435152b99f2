"use client";
import Link from "next/link";
import { useSession } from "next-auth/react";
import { useState } from "react";
import { trpc } from "../_trpc/client";
import { errorMessage, formatDate } from "./format";

export function SettingsView() {
  const { status } = useSession();
  const utils = trpc.useUtils();
  const tokens = trpc.user.tokens.useQuery(undefined, { enabled: status === "authenticated" });
  const [secret, setSecret] = useState<string | null>(null);
  const create = trpc.user.createToken.useMutation({
    onSuccess: async (created) => {
      setSecret(created.secret);
      await utils.user.tokens.invalidate();
    },
  });
  const revoke = trpc.user.revokeToken.useMutation({ onSuccess: () => utils.user.tokens.invalidate() });

  if (status === "loading") return <p className="muted">Loading…</p>;
  if (status !== "authenticated") {
    return <p><Link href="/auth/signin?callbackUrl=/settings">Sign in</Link> to manage your settings.</p>;
  }
  return (
    <>
      <h1>Settings</h1>
      <h2>API tokens</h2>
      <p className="muted">Tokens let the command-line client submit for you. Anyone holding one can act as you; revoke the ones you no longer use.</p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          const name = String(new FormData(e.currentTarget).get("name") ?? "");
          create.mutate({ name });
          e.currentTarget.reset();
        }}
      >
        <input name="name" type="text" placeholder="Token name, e.g. laptop" required style={{ maxWidth: 300 }} data-testid="token-name" />
        <button type="submit" disabled={create.isPending} data-testid="create-token">Create token</button>
      </form>
      {create.error && <div className="error-box">{errorMessage(create.error)}</div>}
      {secret && (
        <div className="card" style={{ marginTop: "1rem" }}>
          <p><strong>Copy this token now; it is not shown again.</strong></p>
          <div className="secret" data-testid="token-secret">{secret}</div>
          <p className="muted">Use it with: <code>SCOPEBENCH_TOKEN={secret} npm run cli -- submit --challenge &lt;slug&gt; --file predictions.csv</code></p>
        </div>
      )}
      <table style={{ marginTop: "1rem" }}>
        <thead><tr><th>Name</th><th>Token</th><th>Created</th><th>Last used</th><th /></tr></thead>
        <tbody>
          {tokens.data?.length === 0 && <tr><td colSpan={5} className="muted">No tokens.</td></tr>}
          {tokens.data?.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td><code>{t.prefix}…</code></td>
              <td>{formatDate(t.createdAt)}</td>
              <td>{formatDate(t.lastUsedAt)}</td>
              <td><button className="danger" onClick={() => revoke.mutate({ id: t.id })} disabled={revoke.isPending}>Revoke</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
