import Link from "next/link";
import { signInHref } from "./safe-callback";

/** Shown instead of a signed-in-only view; brings the reader back here after signing in. */
export function SignInPrompt({ callbackUrl, action }: { callbackUrl: string; action: string }) {
  return (
    <div className="info-box" data-testid="sign-in-prompt">
      <Link href={signInHref(callbackUrl)}>Sign in</Link> or{" "}
      <Link href={`/auth/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>create an account</Link> {action}.
    </div>
  );
}
