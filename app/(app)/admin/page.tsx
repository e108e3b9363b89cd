import { notFound } from "next/navigation";
import { RegistrationMode } from "@/components/settings/RegistrationMode";
import { DataTable, type Column } from "@/components/ui/DataTable";
import { LocalTime } from "@/components/ui/LocalTime";
import { auditEntries } from "@/lib/audit";
import { currentUser } from "@/lib/auth/caller";
import { listAccounts, registrationMode } from "@/lib/auth/users";
import { db } from "@/lib/db";
import { count } from "@/lib/format";

export const metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

type Account = Awaited<ReturnType<typeof listAccounts>>[number];
type Entry = Awaited<ReturnType<typeof auditEntries>>[number];

const accountColumns: Column<Account>[] = [
  { key: "name", header: "Name", cell: (u) => u.name },
  { key: "email", header: "Email", cell: (u) => u.email },
  { key: "role", header: "Role", cell: (u) => u.role.toLowerCase() },
  { key: "projects", header: "Projects", numeric: true, cell: (u) => count(u._count.memberships) },
  { key: "annotations", header: "Annotations", numeric: true, cell: (u) => count(u._count.annotations) },
  { key: "since", header: "Since", cell: (u) => <LocalTime value={u.createdAt} /> },
];

/** The project an entry is about: named in its detail (slug), or gone with the project. */
const projectOf = (l: Entry) => {
  const detail = l.detail as Record<string, unknown> | null;
  return typeof detail?.project === "string" ? detail.project : l.projectId ? "(deleted)" : "—";
};

export default async function AdminPage() {
  const user = (await currentUser())!;
  if (user.role !== "ADMIN") notFound();
  const prisma = await db();
  const [mode, users, log] = await Promise.all([registrationMode(prisma), listAccounts(prisma), auditEntries(prisma)]);
  const names = new Map(users.map((u) => [u.id, u.email]));
  const logColumns: Column<Entry>[] = [
    { key: "when", header: "When", cell: (l) => <LocalTime value={l.createdAt} style="dateTime" /> },
    { key: "who", header: "Who", cell: (l) => (l.actorId ? (names.get(l.actorId) ?? l.actorId) : "—") },
    { key: "project", header: "Project", cell: projectOf },
    { key: "action", header: "Action", cell: (l) => <code>{l.action}</code> },
    {
      key: "detail",
      header: "Detail",
      className: "small truncate",
      cell: (l) => {
        const { project: _project, ...rest } = (l.detail ?? {}) as Record<string, unknown>;
        return <code title={JSON.stringify(rest)}>{JSON.stringify(rest)}</code>;
      },
    },
  ];
  return (
    <div className="stack">
      <h1>Admin</h1>
      <RegistrationMode initial={mode} />
      <h2>Accounts ({count(users.length)})</h2>
      <DataTable label="Accounts" columns={accountColumns} rows={users} rowKey={(u) => u.id} />
      <h2>Audit log</h2>
      <p className="small muted">
        Researcher and admin actions: projects created and their settings changed, accounts created through invites,
        imports, exports, deletions, role changes. The latest 100; the API <code>/api/v1/admin/audit</code> pages
        through all of it.
      </p>
      {log.length === 0 ? (
        <div className="card empty">Nothing recorded yet.</div>
      ) : (
        <DataTable label="Audit log" columns={logColumns} rows={log} rowKey={(l) => l.id} />
      )}
    </div>
  );
}
