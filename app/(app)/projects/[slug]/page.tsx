import Link from "next/link";
import { db } from "@/lib/db";
import { pageAccess } from "@/lib/projects/page-access";
import { count, percent, plural } from "@/lib/format";
import { projectOverview, projectProgress } from "@/lib/projects/progress";
import { readSettings } from "@/lib/projects/schemas";

export const metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

const DENIED = new Map([["owner", "Only the project's owners can open that page."]]);

export default async function OverviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ denied?: string }>;
}) {
  const { slug } = await params;
  const { denied } = await searchParams;
  const { project } = await pageAccess(slug, "RESEARCHER");
  const prisma = await db();
  const settings = readSettings(project.settings);
  const [progress, { sources, annotators, gold }] = await Promise.all([
    projectProgress(prisma, [project.id]),
    projectOverview(prisma, project.id),
  ]);
  const p = progress.get(project.id) ?? { items: 0, complete: 0, annotations: 0 };
  const share = p.items ? p.complete / p.items : 0;
  const collected = Object.entries(settings.fields)
    .filter(([, on]) => on)
    .map(([f]) => f);
  return (
    <div className="stack">
      {denied && DENIED.has(denied) ? (
        <p className="notice" role="alert">
          {DENIED.get(denied)}
        </p>
      ) : null}
      {project.description && <p className="muted">{project.description}</p>}
      <div className="grid">
        <div className="card">
          <div className="muted small">Items</div>
          <div className="stat">{count(p.items)}</div>
          <div className="small muted">
            {count(gold)} gold ·{" "}
            {sources.map((s) => `${s.source ?? "no source"} ${count(s.n)}`).join(", ") || "none yet"}
          </div>
        </div>
        <div className="card">
          <div className="muted small">Annotations</div>
          <div className="stat">{count(p.annotations)}</div>
          <div className="small muted">from {plural(annotators, "annotator")}</div>
        </div>
        <div className="card">
          <div className="muted small">Items with {settings.k} labels</div>
          <div className="stat">{percent(share)}</div>
          <progress className="progress full" value={p.complete} max={Math.max(p.items, 1)} aria-hidden />
        </div>
        <div className="card">
          <div className="muted small">Collected</div>
          <div className="small">{collected.join(", ")}</div>
          <div className="small muted">
            gold rate {percent(settings.goldRate)} · pooling {settings.pooling}
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
