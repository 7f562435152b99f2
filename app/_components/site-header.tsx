"use client";
import Link from "next/link";
import { signOut, useSession } from "next-auth/react";

export function SiteHeader() {
  const { data: session, status } = useSession();
  return (
    <header className="site-header">
      <div className="inner">
        <Link href="/" className="brand">
          scope<span>bench</span>
        </Link>
        <Link href="/">Challenges</Link>
        <div className="spacer" />
        {status === "loading" ? null : session?.user ? (
          <div className="nav-user">
            <span data-testid="signed-in-as">{session.user.name ?? session.user.email}</span>
            <Link href="/settings">Settings</Link>
            <a href="#" onClick={(e) => { e.preventDefault(); void signOut({ callbackUrl: "/" }); }}>
              Sign out
            </a>
          </div>
        ) : (
          <div className="nav-user">
            <Link href="/auth/signin">Sign in</Link>
            <Link href="/auth/signup">Sign up</Link>
          </div>
        )}
      </div>
    </header>
  );
}
