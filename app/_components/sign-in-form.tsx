"use client";
import Link from "next/link";
import { getProviders, signIn, useSession } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { safeCallback } from "./safe-callback";

export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const { data: session, status } = useSession();
  const callbackUrl = safeCallback(params.get("callbackUrl"));
  // next-auth sends OAuth failures back here as ?error=…
  const [error, setError] = useState<string | null>(
    params.get("error") ? "Signing in did not work. Try again, or use your email and password." : null,
  );
  const [busy, setBusy] = useState(false);
  const [github, setGithub] = useState(false);

  useEffect(() => {
    // GitHub is offered only when the server has it configured.
    let cancelled = false;
    void getProviders().then((providers) => {
      if (!cancelled) setGithub(Boolean(providers?.github));
    });
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <div className="page-center">
      <div className="card">
        <h1>Sign in</h1>
        {status === "authenticated" && (
          <div className="info-box">
            You are signed in as {session.user?.name ?? session.user?.email}. <Link href={callbackUrl}>Continue</Link>
          </div>
        )}
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            setBusy(true);
            setError(null);
            const result = await signIn("credentials", {
              email: String(form.get("email") ?? ""),
              password: String(form.get("password") ?? ""),
              redirect: false,
            });
            if (result?.ok && !result.error) {
              router.push(callbackUrl);
              router.refresh();
              return;
            }
            setBusy(false);
            // "CredentialsSignin" is a wrong email or password; any other text is a message
            // from the server meant for the user (throttling: "Too many sign-in attempts…").
            setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Wrong email or password.");
          }}
        >
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="email" required autoFocus />
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
          {error && (
            <div className="error-box" data-testid="auth-error" role="alert">
              {error}
            </div>
          )}
          <div className="form-actions">
            <button type="submit" data-testid="signin-submit" disabled={busy}>
              {busy ? "Signing in…" : "Sign in"}
            </button>
            <span className="muted small">
              No account? <Link href={`/auth/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign up</Link>
            </span>
          </div>
        </form>
        {github && (
          <>
            <hr />
            <button type="button" className="secondary" style={{ width: "100%" }} onClick={() => void signIn("github", { callbackUrl })}>
              Sign in with GitHub
            </button>
          </>
        )}
      </div>
    </div>
  );
}
