"use client";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { ZSignUpRequestSchema } from "@/server/contracts/user";
import { trpc } from "../_trpc/client";
import { errorMessage } from "./format";
import { safeCallback } from "./safe-callback";

export function SignUpForm() {
  const router = useRouter();
  const params = useSearchParams();
  const callbackUrl = safeCallback(params.get("callbackUrl"));
  const [error, setError] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const signUp = trpc.user.signUp.useMutation();
  const busy = signUp.isPending || signingIn;

  return (
    <div className="page-center">
      <div className="card">
        <h1>Create an account</h1>
        <form
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            // The same schema the server applies, so mistakes are caught without a round trip.
            const parsed = ZSignUpRequestSchema.safeParse({
              email: String(form.get("email") ?? ""),
              name: String(form.get("name") ?? ""),
              password: String(form.get("password") ?? ""),
            });
            if (!parsed.success) {
              setError(parsed.error.issues.map((i) => i.message).join("\n"));
              return;
            }
            setError(null);
            try {
              await signUp.mutateAsync(parsed.data);
            } catch (err) {
              setError(errorMessage(err));
              return;
            }
            setSigningIn(true);
            const result = await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
            if (!result?.ok || result.error) {
              setSigningIn(false);
              setError(
                result?.error && result.error !== "CredentialsSignin"
                  ? `Your account was created, but signing in failed: ${result.error}`
                  : "Your account was created, but signing in failed. Try signing in.",
              );
              return;
            }
            router.push(callbackUrl);
            router.refresh();
          }}
        >
          <label htmlFor="name">Name</label>
          <input id="name" name="name" type="text" autoComplete="name" required maxLength={100} autoFocus />
          <div className="field-hint">Shown on leaderboards.</div>
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="email" required />
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="new-password" required minLength={8} />
          <div className="field-hint">At least 8 characters and at most 72 bytes (bcrypt ignores the rest; accented letters take 2 bytes, emoji 4).</div>
          {error && (
            <div className="error-box" data-testid="auth-error" role="alert">
              {error}
            </div>
          )}
          <div className="form-actions">
            <button type="submit" data-testid="signup-submit" disabled={busy}>
              {busy ? "Creating your account…" : "Sign up"}
            </button>
            <span className="muted small">
              Have an account? <Link href={`/auth/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</Link>
            </span>
          </div>
        </form>
      </div>
    </div>
  );
}
