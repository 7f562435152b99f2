// next-auth v4: email + password, JWT sessions; GitHub only when GITHUB_ID/GITHUB_SECRET are set.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { env, githubAuthEnabled } from "../env";
import { githubSignIn } from "../services/user/github-sign-in";
import { verifyCredentials } from "../services/user/verify-credentials";

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/auth/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials) {
        if (!credentials?.email || !credentials.password) return null;
        const user = await verifyCredentials(credentials.email, credentials.password);
        return user ? { id: user.id, email: user.email, name: user.name } : null;
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
        token.sub = local.id;
      } else if (user) {
        token.sub = user.id;
      }
      return token;
    },
    session({ session, token }) {
      // Only the id travels in the JWT; role and name are read fresh on every request.
      return { ...session, user: { ...session.user, id: token.sub } };
    },
  },
};
