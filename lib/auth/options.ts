import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { verifyAgainstNothing, verifyPassword } from "./password";
import { clearHits, overLimit, recordHit, SIGN_IN_LIMIT } from "./rate-limit";
import { signInSchema } from "./schemas";
import { authSecret } from "./secret";
import { clientAddressOf, signInKeys } from "./sign-in-limit";

export const authOptions: NextAuthOptions = {
  secret: authSecret,
  session: { strategy: "jwt", maxAge: 30 * 86_400 },
  pages: { signIn: "/signin" },
  useSecureCookies: env.NODE_ENV === "production" && (env.NEXTAUTH_URL ?? "").startsWith("https://"),
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      // app/api/auth/[...nextauth] answers attempts over the limit 429 first; the check here, on the very credentials
      // next-auth parsed, holds whatever the body's encoding.
      async authorize(credentials, req) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const prisma = await db();
        const keys = signInKeys(email, clientAddressOf(req?.headers));
        if ((await overLimit(prisma, keys, SIGN_IN_LIMIT)) !== null) return null;
        const user = await prisma.user.findUnique({ where: { email } });
        const ok =
          user?.passwordHash && !user.external
            ? await verifyPassword(password, user.passwordHash)
            : await verifyAgainstNothing(password);
        if (!user || !ok) {
          await recordHit(prisma, keys);
          return null;
        }
        await clearHits(prisma, keys.slice(0, 1));
        return {
          id: user.id,
          email: user.email,
          name: user.name,
          role: user.role,
          sessionVersion: user.sessionVersion,
        };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user) Object.assign(session.user, { id: token.uid as string, sv: (token.sv as number) ?? 0 });
      return session;
    },
  },
};
