import Link from "next/link";
import { RegisterForm } from "@/components/auth/RegisterForm";
import { AcceptInvite } from "@/components/auth/AcceptInvite";
import { currentUser } from "@/lib/auth/caller";
import { findValidInvite, invitedProjectName } from "@/lib/auth/invites";
import { db } from "@/lib/db";

export const metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const prisma = await db();
  const invite = await findValidInvite(prisma, token);
  if (!invite) {
    return (
      <div className="card stack">
        <h1>This invite is not valid</h1>
        <p>It may have expired or been used already. Ask the project owner for a new link.</p>
        <Link href="/signin">Sign in</Link>
      </div>
    );
  }
  const projectName = await invitedProjectName(prisma, invite);
  const user = await currentUser();
  return (
    <>
      <p className="notice">
        You are invited to <strong>{projectName}</strong> as {invite.role.toLowerCase()}.
      </p>
      {user ? (
        <AcceptInvite token={token} />
      ) : (
        <>
          <RegisterForm invite={token} email={invite.email} />
          <p className="muted small center">
            Have an account? <Link href={`/signin?next=/invite/${token}`}>Sign in</Link> first, then open this link
            again.
          </p>
        </>
      )}
    </>
  );
}
