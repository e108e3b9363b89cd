import Link from "next/link";
import { Suspense } from "react";
import { SignInForm } from "@/components/auth/SignInForm";

export const metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <>
      <Suspense fallback={<div className="card skeleton h-260" />}>
        <SignInForm />
      </Suspense>
      <p className="muted small center">
        No account yet? <Link href="/register">Create one</Link>
      </p>
    </>
  );
}
