"use client";
import Link from "next/link";
import { getProviders, signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";

/** Only local paths: an open redirect through callbackUrl would be a phishing aid. */
export function safeCallback(url: string | null): string {
  return url && url.startsWith("/") && !url.startsWith("//") ? url : "/";
}

export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const callbackUrl = safeCallback(params.get("callbackUrl"));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [github, setGithub] = useState(false);

  useEffect(() => {
    void getProviders().then((providers) => setGithub(Boolean(providers?.github)));
  }, []);

  return (
    <div className="card" style={{ maxWidth: 460 }}>
      <h1>Sign in</h1>
      <form
        className="narrow"
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
          setBusy(false);
          if (result?.ok) {
            router.push(callbackUrl);
            router.refresh();
          } else {
            setError("Wrong email or password.");
          }
        }}
      >
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        {error && <div className="error-box" data-testid="auth-error" style={{ marginTop: "0.8rem" }}>{error}</div>}
        <div className="row" style={{ marginTop: "1rem" }}>
          <button type="submit" data-testid="signin-submit" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
          <span className="muted">No account? <Link href={`/auth/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign up</Link></span>
        </div>
      </form>
      {github && (
        <div style={{ marginTop: "1rem" }}>
          <button className="secondary" onClick={() => void signIn("github", { callbackUrl })}>Sign in with GitHub</button>
        </div>
      )}
    </div>
  );
}
