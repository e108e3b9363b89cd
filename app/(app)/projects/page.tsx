import Link from "next/link";
import { currentUser } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { listProjects } from "@/lib/projects/service";
import { projectProgress } from "@/lib/projects/progress";
import { plural } from "@/lib/format";

export const metadata = { title: "Projects" };
export const dynamic = "force-dynamic";

export default async function ProjectsPage({ searchParams }: { searchParams: Promise<{ archived?: string }> }) {
  const user = (await currentUser())!;
  const archived = (await searchParams).archived === "1";
  const prisma = await db();
  const projects = await listProjects(prisma, user, archived);
  const progress = await projectProgress(
    prisma,
    projects.map((p) => p.id),
  );
  return (
    <>
      <div className="row spread">
        <h1>Projects</h1>
        <div className="row">
          <Link className="btn small ghost" href={archived ? "/projects" : "/projects?archived=1"}>
            {archived ? "Hide archived" : "Show archived"}
          </Link>
          <Link className="btn primary" href="/projects/new">
            New project
          </Link>
        </div>
      </div>
      {projects.length === 0 ? (
        <div className="card empty">
          <p>You are not in any project yet.</p>
          <p className="small">Create one to import benchmark questions, or ask a project owner for an invite link.</p>
          <Link className="btn primary" href="/projects/new">
            Create a project
          </Link>
        </div>
      ) : (
        <div className="grid">
          {projects.map((p) => {
            const pr = progress.get(p.id) ?? { items: 0, complete: 0, annotations: 0 };
            const pct = pr.items ? Math.round((100 * pr.complete) / pr.items) : 0;
            return (
              <Link
                key={p.id}
                href={p.role === "ANNOTATOR" ? `/projects/${p.slug}/annotate` : `/projects/${p.slug}`}
                className="card plain-link"
              >
                <div className="row spread">
                  <strong>{p.name}</strong>
                  <span className="badge">{p.role?.toLowerCase()}</span>
                </div>
                <p className="muted small two-lines">{p.description || "No description"}</p>
                <progress
                  className="progress full"
                  value={pct}
                  max={100}
                  aria-label={`${pct}% of items have all their annotations`}
                />
                <p className="small muted">
                  {plural(pr.items, "item")} · {plural(pr.annotations, "annotation")} · {pct}% complete
                  {p.archived ? " · archived" : ""}
                </p>
              </Link>
            );
          })}
        </div>
      )}
    </>
  );
}
