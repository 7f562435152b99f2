import type { Metadata } from "next";
import { Suspense } from "react";
import { SignUpForm } from "../../_components/sign-up-form";

export const metadata: Metadata = { title: "Sign up · scopebench" };

// The form reads callbackUrl from the search params, which needs a Suspense boundary.
export default function SignUpPage() {
  return (
    <Suspense fallback={null}>
      <SignUpForm />
    </Suspense>
  );
}
