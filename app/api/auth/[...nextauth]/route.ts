import NextAuth from "next-auth";
import { anonymous, endpoint } from "@/lib/api/endpoint";
import { RateLimitedError } from "@/lib/errors";
import { authOptions } from "@/lib/auth/options";
import { signInLimitWait } from "@/lib/auth/sign-in-limit";

const nextAuth = NextAuth(authOptions) as (req: Request, ctx: { params: Promise<unknown> }) => Promise<Response>;

const doc = {
  tag: "Accounts",
  summary: "next-auth's sign-in, sign-out and session endpoints",
  responses: { 200: "next-auth's own responses" },
} as const;

export const GET = endpoint({
  method: "GET",
  path: "/api/auth/[...nextauth]",
  access: anonymous("signing in needs no account"),
  rateLimit: "none",
  doc,
  handler: async ({ req, params }) => nextAuth(req, { params: Promise.resolve(params) }),
});

/** Sign-in attempts over the limit are answered 429 before next-auth sees them. */
export const POST = endpoint({
  method: "POST",
  path: "/api/auth/[...nextauth]",
  access: anonymous("signing in needs no account"),
  rateLimit: "sign-in",
  doc,
  handler: async ({ req, params }) => {
    if (params.nextauth.join("/") === "callback/credentials") {
      const wait = await signInLimitWait(req.clone());
      if (wait !== null) throw new RateLimitedError("Too many failed sign-ins. Try again later.", wait);
    }
    return nextAuth(req, { params: Promise.resolve(params) });
  },
});
