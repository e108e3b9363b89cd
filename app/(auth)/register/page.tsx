import Link from "next/link";
import { RegisterForm } from "@/components/auth/RegisterForm";
import { noAccountsYet, registrationMode } from "@/lib/auth/users";
import { db } from "@/lib/db";

export const metadata = { title: "Register" };
export const dynamic = "force-dynamic";

export default async function RegisterPage() {
  const prisma = await db();
  const first = await noAccountsYet(prisma);
  const mode = await registrationMode(prisma);
  if (!first && mode === "invite") {
    return (
      <div className="card stack">
        <h1>Registration is by invitation</h1>
        <p>
          Ask a project owner for an invite link. <Link href="/signin">Sign in</Link> if you have an account.
        </p>
      </div>
    );
  }
  return (
    <>
      {first && <p className="notice">This is the first account: it becomes the administrator.</p>}
      <RegisterForm />
      <p className="muted small center">
        Already registered? <Link href="/signin">Sign in</Link>
      </p>
    </>
  );
}
