"use client";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { trpc } from "../_trpc/client";
import { errorMessage } from "./format";
import { safeCallback } from "./sign-in-form";

export function SignUpForm() {
  const router = useRouter();
  const params = useSearchParams();
  const callbackUrl = safeCallback(params.get("callbackUrl"));
  const [error, setError] = useState<string | null>(null);
  const signUp = trpc.user.signUp.useMutation();

  return (
    <div className="card" style={{ maxWidth: 460 }}>
      <h1>Create an account</h1>
      <form
        className="narrow"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const email = String(form.get("email") ?? "");
          const password = String(form.get("password") ?? "");
          setError(null);
          try {
            await signUp.mutateAsync({ email, name: String(form.get("name") ?? ""), password });
          } catch (err) {
            setError(errorMessage(err));
            return;
          }
          const result = await signIn("credentials", { email, password, redirect: false });
          if (!result?.ok) {
            setError("Your account was created, but signing in failed. Try signing in.");
            return;
          }
          router.push(callbackUrl);
          router.refresh();
        }}
      >
        <label htmlFor="name">Name (shown on leaderboards)</label>
        <input id="name" name="name" type="text" autoComplete="name" required maxLength={100} />
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required />
        <label htmlFor="password">Password (at least 8 characters)</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required minLength={8} />
        {error && <div className="error-box" data-testid="auth-error" style={{ marginTop: "0.8rem" }}>{error}</div>}
        <div className="row" style={{ marginTop: "1rem" }}>
          <button type="submit" data-testid="signup-submit" disabled={signUp.isPending}>{signUp.isPending ? "Creating…" : "Sign up"}</button>
          <span className="muted">Have an account? <Link href="/auth/signin">Sign in</Link></span>
        </div>
      </form>
    </div>
  );
}
