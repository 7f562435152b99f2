// next-auth v4: email + password, JWT sessions; GitHub only when GITHUB_ID/GITHUB_SECRET are set.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { env, githubAuthEnabled } from "../env";
import { isAppError } from "../errors";
import { childLogger } from "../log";
import { endSession } from "../services/user/end-session";
import { githubSignIn } from "../services/user/github-sign-in";
import { resolveSessionUser } from "../services/user/resolve-session-user";
import { signInWithPassword } from "../services/user/sign-in-with-password";
import { clientAddress } from "./client-address";
import { sameOriginUrl } from "./same-origin";
import { secureSessionCookies } from "./session-user";

const log = childLogger({ role: "site", component: "auth" });
import { newSessionFields, sessionClaimsOf } from "./session-claims";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

/** Thrown from the jwt callback when a session has ended: next-auth then clears the cookie. */
class SessionEndedError extends Error {
  constructor() {
    super("This session has ended; sign in again.");
    this.name = "SessionEndedError";
  }
}

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  useSecureCookies: secureSessionCookies,
  pages: { signIn: "/auth/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) return null;
        try {
          const user = await signInWithPassword({
            email: credentials.email,
            password: credentials.password,
            address: clientAddress(req.headers ?? {}),
          });
          return user ? { id: user.id, email: user.email, name: user.name } : null;
        } catch (error) {
          // next-auth hands a thrown Error's message to the client as `error` (the throttle's
          // "Too many sign-in attempts…"); anything unexpected must not leak its text there.
          if (isAppError(error)) throw new Error(error.message);
          log.error({ err: error }, "sign-in failed");
          throw new Error("Signing in failed on our side; try again.");
        }
      },
    }),
    ...(githubAuthEnabled
      ? [GitHubProvider({ clientId: env.GITHUB_ID ?? "", clientSecret: env.GITHUB_SECRET ?? "" })]
      : []),
  ],
  callbacks: {
    async jwt({ token, user, account, profile }) {
      if (account?.provider === "github" && profile) {
        const github = profile as { id?: number | string; email?: string | null; name?: string | null; login?: string };
        if (!github.email) throw new Error("Your GitHub account has no public email address.");
        const local = await githubSignIn({
          githubId: String(github.id),
          email: github.email,
          name: github.name ?? github.login ?? github.email,
        });
        return { ...token, sub: local.id, ...newSessionFields() };
      }
      if (user) return { ...token, sub: user.id, ...newSessionFields() };
      // Every later read of the session (useSession, getServerSession): refuse ended sessions,
      // so the cookie is cleared and the page shows the visitor as signed out.
      const claims = sessionClaimsOf(token);
      if (!claims || !(await resolveSessionUser(claims))) throw new SessionEndedError();
      return token;
    },
    session({ session, token }) {
      // Only the id travels to the client; role and name are read fresh on every request.
      return { ...session, user: { ...session.user, id: token.sub } };
    },
    redirect({ url, baseUrl }) {
      // The same rule as the sign-in form's safeCallback: judged after URL parsing.
      return sameOriginUrl(url, baseUrl)?.href ?? baseUrl;
    },
  },
  events: {
    async signOut({ token }) {
      // The JWT would otherwise stay valid for its remaining 30 days.
      const claims = sessionClaimsOf(token);
      if (claims) await endSession({ claims, maxAgeSeconds: SESSION_MAX_AGE_SECONDS });
    },
  },
  logger: {
    error(code, metadata) {
      // An ended session is expected, not an error worth a stack trace in the log.
      if (metadata instanceof Error && metadata.name === "SessionEndedError") return;
      log.error({ code, err: metadata }, `next-auth error ${code}`);
    },
    warn(code) {
      log.warn({ code }, `next-auth warning ${code}`);
    },
    debug() {},
  },
};
