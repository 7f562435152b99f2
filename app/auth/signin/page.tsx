import type { Metadata } from "next";
import { Suspense } from "react";
import { SignInForm } from "../../_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in · scopebench" };

// The form reads callbackUrl from the search params, which needs a Suspense boundary.
export default function SignInPage() {
  return (
    <Suspense fallback={null}>
      <SignInForm />
    </Suspense>
  );
}
