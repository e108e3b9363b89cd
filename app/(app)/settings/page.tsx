import { PasswordForm } from "@/components/settings/PasswordForm";
import { TokensPanel } from "@/components/settings/TokensPanel";
import { currentUser } from "@/lib/auth/caller";
import { listApiTokens } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { signOutEverywhere } from "./actions";

export const metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const user = (await currentUser())!;
  const tokens = await listApiTokens(await db(), user.id);
  return (
    <div className="stack measure-wide">
      <h1>Settings</h1>
      <p className="muted">
        {user.name} · {user.email} · {user.role === "ADMIN" ? "administrator" : "user"}
      </p>
      <PasswordForm />
      <form action={signOutEverywhere} className="card stack">
        <h2 className="mt-0">Sessions</h2>
        <p className="small muted">
          Signs you out on every device and browser, this one included (API tokens stay valid: revoke them below).
          Changing your password does the same.
        </p>
        <div>
          <button className="btn danger" type="submit">
            Sign out everywhere
          </button>
        </div>
      </form>
      <TokensPanel
        tokens={tokens.map((t) => ({
          ...t,
          createdAt: t.createdAt.toISOString(),
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
        }))}
      />
    </div>
  );
}
