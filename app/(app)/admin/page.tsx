import { notFound } from "next/navigation";
import { RegistrationMode } from "@/components/settings/RegistrationMode";
import { currentUser } from "@/lib/auth/caller";
import { registrationMode } from "@/lib/auth/users";
import { db } from "@/lib/db";

export const metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

export default async function AdminPage() {
  const user = (await currentUser())!;
  if (user.role !== "ADMIN") notFound();
  const prisma = await db();
  const [mode, users, log] = await Promise.all([
    registrationMode(prisma),
    prisma.user.findMany({
      where: { external: false },
      orderBy: { createdAt: "asc" },
      take: 500,
      select: {
        id: true,
        email: true,
        name: true,
        role: true,
        createdAt: true,
        _count: { select: { annotations: true, memberships: true } },
      },
    }),
    prisma.auditLog.findMany({ orderBy: { createdAt: "desc" }, take: 100 }),
  ]);
  const names = new Map(users.map((u) => [u.id, u.email]));
  return (
    <div className="stack">
      <h1>Admin</h1>
      <RegistrationMode initial={mode} />
      <h2>Accounts ({users.length})</h2>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th className="num">Projects</th>
              <th className="num">Annotations</th>
              <th>Since</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>{u.role.toLowerCase()}</td>
                <td className="num">{u._count.memberships}</td>
                <td className="num">{u._count.annotations}</td>
                <td>{u.createdAt.toISOString().slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Audit log</h2>
      <p className="small muted">
        Researcher and admin actions: imports, exports, deletions, role changes. The latest 100; the API{" "}
        <code>/api/v1/admin/audit</code> pages through all of it.
      </p>
      {log.length === 0 ? (
        <div className="card empty">Nothing recorded yet.</div>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>Action</th>
                <th>Detail</th>
              </tr>
            </thead>
            <tbody>
              {log.map((l) => (
                <tr key={l.id}>
                  <td>{l.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
                  <td>{l.actorId ? (names.get(l.actorId) ?? l.actorId) : "—"}</td>
                  <td>
                    <code>{l.action}</code>
                  </td>
                  <td className="small truncate">
                    <code>{JSON.stringify(l.detail)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
