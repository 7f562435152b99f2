"use client";
import Link from "next/link";
import { signOut, useSession } from "next-auth/react";
import { usePathname } from "next/navigation";
import { trpc } from "../_trpc/client";
import { signInHref } from "./safe-callback";

export function SiteHeader() {
  const { data: session, status } = useSession();
  const pathname = usePathname();
  // Coming back to the auth pages after signing in would be pointless.
  const callbackUrl = pathname.startsWith("/auth") ? "/" : pathname;
  const onChallenges = pathname === "/" || pathname.startsWith("/challenges");
  // Roles live in the database, not the session cookie: ask, once signed in.
  const me = trpc.user.me.useQuery(undefined, { enabled: Boolean(session?.user), staleTime: 60_000 });
  const isHost = me.data?.role === "host" || me.data?.role === "admin";

  return (
    <header className="site-header">
      <div className="inner">
        <Link href="/" className="brand">
          scope<span>bench</span>
        </Link>
        <Link href="/" className={`nav-link${onChallenges ? " active" : ""}`}>
          Challenges
        </Link>
        {isHost && (
          <Link href="/host" className={`nav-link${pathname.startsWith("/host") ? " active" : ""}`} data-testid="nav-host">
            Host
          </Link>
        )}
        <div className="spacer" />
        {/* Nothing while the session loads, so signed-in readers do not see a flash of "Sign in". */}
        {status === "loading" ? null : session?.user ? (
          <div className="nav-user">
            <span className="user-name" data-testid="signed-in-as">
              {session.user.name ?? session.user.email}
            </span>
            <Link href="/settings" className={`nav-link${pathname === "/settings" ? " active" : ""}`}>
              Settings
            </Link>
            <button type="button" className="link-button" onClick={() => void signOut({ callbackUrl: "/" })}>
              Sign out
            </button>
          </div>
        ) : (
          <div className="nav-auth">
            <Link href={signInHref(callbackUrl)}>Sign in</Link>
            <span aria-hidden="true">/</span>
            <Link href={`/auth/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign up</Link>
          </div>
        )}
      </div>
    </header>
  );
}
