import NextAuth from "next-auth";
import { errorResponse } from "@/lib/api/http";
import { authOptions } from "@/lib/auth/options";
import { signInLimitWait } from "@/lib/auth/sign-in-limit";

const handler = NextAuth(authOptions);

type Ctx = { params: Promise<{ nextauth: string[] }> };

export const GET = handler;

/** Sign-in attempts over the limit are answered 429 before next-auth sees them. */
export async function POST(req: Request, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") === "callback/credentials") {
    const wait = await signInLimitWait(req.clone());
    if (wait !== null)
      return errorResponse(429, "Too many failed sign-ins. Try again later.", undefined, {
        "Retry-After": String(wait),
      });
  }
  return handler(req, ctx);
}
