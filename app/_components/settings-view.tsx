"use client";
import { signIn, useSession } from "next-auth/react";
import { useState } from "react";
import { ZChangePasswordRequestSchema } from "@/server/contracts/user";
import { trpc } from "../_trpc/client";
import { errorMessage, formatDate } from "./format";
import { SignInPrompt } from "./sign-in-prompt";

function NewTokenSecret({ secret, onDone }: { secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="card" style={{ marginTop: "1rem", borderColor: "#e0c35c" }} data-testid="new-token">
      <p style={{ marginTop: 0 }}>
        <strong>Copy this token now.</strong> Only a hash of it is stored, so it is not shown again.
      </p>
      <div className="row">
        <div className="secret" data-testid="token-secret">
          {secret}
        </div>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            // The Clipboard API exists only on secure origins (https, localhost); selecting by hand works everywhere.
            void navigator.clipboard?.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <p className="muted small">
        Use it from a terminal with the <code>scopebench</code> command (install it from a challenge&apos;s Submit tab):
      </p>
      <pre>
        <code>scopebench login --url &lt;this site&gt; --token {secret}</code>
      </pre>
      <button type="button" className="secondary small" onClick={onDone}>
        I have saved it
      </button>
    </div>
  );
}

/**
 * A password change ends every session of the account (a stolen cookie included), this
 * browser's too; it signs straight back in with the new password.
 */
function ChangePasswordForm({ email }: { email: string }) {
  const change = trpc.user.changePassword.useMutation();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  return (
    <form
      noValidate
      style={{ maxWidth: 420 }}
      onSubmit={async (e) => {
        e.preventDefault();
        const formElement = e.currentTarget;
        const form = new FormData(formElement);
        setDone(false);
        const newPassword = String(form.get("newPassword") ?? "");
        if (newPassword !== String(form.get("confirmPassword") ?? "")) {
          setError("The new passwords do not match.");
          return;
        }
        // The same schema the server applies (72-byte limit and the like).
        const parsed = ZChangePasswordRequestSchema.safeParse({ currentPassword: String(form.get("currentPassword") ?? ""), newPassword });
        if (!parsed.success) {
          setError(parsed.error.issues.map((i) => i.message).join("\n"));
          return;
        }
        setError(null);
        try {
          await change.mutateAsync(parsed.data);
        } catch (err) {
          setError(errorMessage(err));
          return;
        }
        const again = await signIn("credentials", { email, password: parsed.data.newPassword, redirect: false });
        if (!again?.ok || again.error) {
          setError("Your password was changed; sign in again with the new one.");
          return;
        }
        formElement.reset();
        setDone(true);
      }}
    >
      <label htmlFor="currentPassword">Current password</label>
      <input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required data-testid="current-password" />
      <label htmlFor="newPassword">New password</label>
      <input id="newPassword" name="newPassword" type="password" autoComplete="new-password" required minLength={8} data-testid="new-password" />
      <div className="field-hint">At least 8 characters and at most 72 bytes.</div>
      <label htmlFor="confirmPassword">New password again</label>
      <input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" required data-testid="confirm-password" />
      {error && (
        <div className="error-box" role="alert" data-testid="password-error">
          {error}
        </div>
      )}
      {done && (
        <div className="info-box" data-testid="password-changed">
          Password changed. Every other browser and device signed in to this account has been signed out.
        </div>
      )}
      <div className="form-actions">
        <button type="submit" disabled={change.isPending} data-testid="change-password">
          {change.isPending ? "Changing…" : "Change password"}
        </button>
      </div>
    </form>
  );
}

export function SettingsView() {
  const { status } = useSession();
  const utils = trpc.useUtils();
  const signedIn = status === "authenticated";
  const me = trpc.user.me.useQuery(undefined, { enabled: signedIn });
  const tokens = trpc.user.tokens.useQuery(undefined, { enabled: signedIn });
  const [secret, setSecret] = useState<string | null>(null);
  const create = trpc.user.createToken.useMutation({
    onSuccess: async (created) => {
      setSecret(created.secret);
      await utils.user.tokens.invalidate();
    },
  });
  const revoke = trpc.user.revokeToken.useMutation({ onSuccess: () => utils.user.tokens.invalidate() });

  if (status === "loading") return <p className="muted">Loading…</p>;
  if (!signedIn) return <SignInPrompt callbackUrl="/settings" action="to manage your settings" />;

  return (
    <>
      <h1>Settings</h1>
      {me.data && (
        <p className="lead">
          Signed in as <strong>{me.data.name}</strong> ({me.data.email}){me.data.role !== "participant" && <>, {me.data.role}</>}.
        </p>
      )}

      <h2>Password</h2>
      {me.data && <ChangePasswordForm email={me.data.email} />}

      <h2>API tokens</h2>
      <p className="muted">
        Tokens let the command-line client submit for you. Anyone holding one can act as you, so revoke the ones you no longer
        use.
      </p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          const formElement = e.currentTarget;
          const name = String(new FormData(formElement).get("name") ?? "");
          create.mutate({ name }, { onSuccess: () => formElement.reset() });
        }}
      >
        <input
          name="name"
          type="text"
          placeholder="Token name, e.g. laptop"
          aria-label="Token name"
          required
          maxLength={100}
          style={{ maxWidth: 320 }}
          data-testid="token-name"
        />
        <button type="submit" disabled={create.isPending} data-testid="create-token">
          {create.isPending ? "Creating…" : "Create token"}
        </button>
      </form>
      {create.error && <div className="error-box">{errorMessage(create.error)}</div>}
      {secret && <NewTokenSecret secret={secret} onDone={() => setSecret(null)} />}

      <div style={{ marginTop: "1rem" }}>
        {tokens.isPending ? (
          <p className="muted">Loading tokens…</p>
        ) : tokens.error ? (
          <div className="error-box">{errorMessage(tokens.error)}</div>
        ) : tokens.data.length === 0 ? (
          <div className="empty">You have no API tokens.</div>
        ) : (
          <div className="table-wrap">
            <table data-testid="token-table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Token</th>
                  <th>Created</th>
                  <th>Last used</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {tokens.data.map((t) => (
                  <tr key={t.id}>
                    <td>{t.name}</td>
                    <td>
                      <code>{t.prefix}…</code>
                    </td>
                    <td className="nowrap">{formatDate(t.createdAt)}</td>
                    <td className="nowrap">{t.lastUsedAt ? formatDate(t.lastUsedAt) : <span className="muted">never</span>}</td>
                    <td className="num">
                      <button
                        type="button"
                        className="danger small"
                        onClick={() => {
                          // Revoking cannot be undone: scripts using the token stop working at once.
                          if (window.confirm(`Revoke the token "${t.name}"? Anything using it stops working.`)) revoke.mutate({ id: t.id });
                        }}
                        disabled={revoke.isPending && revoke.variables.id === t.id}
                      >
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {revoke.error && <div className="error-box">{errorMessage(revoke.error)}</div>}
      </div>
    </>
  );
}
