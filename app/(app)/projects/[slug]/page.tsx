import Link from "next/link";
import { db } from "@/lib/db";
import { pageAccess } from "@/lib/projects/page-access";
import { projectProgress } from "@/lib/projects/progress";
import { readSettings } from "@/lib/projects/schemas";

export const metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project } = await pageAccess(slug, "RESEARCHER");
  const prisma = await db();
  const settings = readSettings(project.settings);
  const [progress, sources, annotators, gold] = await Promise.all([
    projectProgress(prisma, [project.id]),
    prisma.$queryRaw<
      { source: string | null; n: number }[]
    >`SELECT source, count(*)::int AS n FROM "Item" WHERE "projectId" = ${project.id} GROUP BY source ORDER BY n DESC`,
    prisma.$queryRaw<
      { n: number }[]
    >`SELECT count(DISTINCT "annotatorId")::int AS n FROM "Annotation" WHERE "projectId" = ${project.id} AND "supersededAt" IS NULL`,
    prisma.item.count({ where: { projectId: project.id, isGold: true } }),
  ]);
  const p = progress.get(project.id) ?? { items: 0, complete: 0, annotations: 0 };
  const pct = p.items ? Math.round((100 * p.complete) / p.items) : 0;
  const collected = Object.entries(settings.fields)
    .filter(([, on]) => on)
    .map(([f]) => f);
  return (
    <div className="stack">
      {project.description && <p className="muted">{project.description}</p>}
      <div className="grid">
        <div className="card">
          <div className="muted small">Items</div>
          <div className="stat">{p.items.toLocaleString()}</div>
          <div className="small muted">
            {gold.toLocaleString()} gold ·{" "}
            {sources.map((s) => `${s.source ?? "no source"} ${s.n}`).join(", ") || "none yet"}
          </div>
        </div>
        <div className="card">
          <div className="muted small">Annotations</div>
          <div className="stat">{p.annotations.toLocaleString()}</div>
          <div className="small muted">from {annotators[0]?.n ?? 0} annotators</div>
        </div>
        <div className="card">
          <div className="muted small">Items with {settings.k} labels</div>
          <div className="stat">{pct}%</div>
          <div className="progress" aria-hidden>
            <span style={{ width: `${pct}%` }} />
          </div>
        </div>
        <div className="card">
          <div className="muted small">Collected</div>
          <div className="small">{collected.join(", ")}</div>
          <div className="small muted">
            gold rate {Math.round(settings.goldRate * 100)}% · pooling {settings.pooling}
          </div>
        </div>
      </div>
      {p.items === 0 ? (
        <div className="card empty">
          <p>Start by importing questions.</p>
          <Link className="btn primary" href={`/projects/${slug}/import`}>
            Import questions
          </Link>
        </div>
      ) : (
        <div className="row">
          <Link className="btn" href={`/projects/${slug}/hardness`}>
            Hardness table
          </Link>
          <Link className="btn" href={`/projects/${slug}/correlations`}>
            Correlations
          </Link>
          <Link className="btn" href={`/projects/${slug}/splits`}>
            Build a split
          </Link>
        </div>
      )}
    </div>
  );
}
