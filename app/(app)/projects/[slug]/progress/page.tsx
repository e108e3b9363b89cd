import { ProgressCharts } from "@/components/dashboards/DashboardCharts";
import { DataTable, type Column } from "@/components/ui/DataTable";
import { LocalTime } from "@/components/ui/LocalTime";
import { db } from "@/lib/db";
import { count, MISSING, percent } from "@/lib/format";
import { progressDashboard, type ProgressDashboard } from "@/lib/hardness/dashboards";
import { pageAccess } from "@/lib/projects/page-access";

export const metadata = { title: "Progress" };
export const dynamic = "force-dynamic";

type Annotator = ProgressDashboard["annotators"][number];

export default async function ProgressPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project } = await pageAccess(slug, "RESEARCHER");
  const p = await progressDashboard(await db(), project);
  const share = p.items > 0 ? p.complete / p.items : 0;
  const columns: Column<Annotator>[] = [
    { key: "name", header: "Annotator", cell: (a) => a.name },
    { key: "items", header: "Items labelled", numeric: true, cell: (a) => count(a.items) },
    { key: "labels", header: "Labels incl. revisions", numeric: true, cell: (a) => count(a.labels) },
    { key: "skipped", header: "Skipped", numeric: true, cell: (a) => count(a.skipped) },
    { key: "leased", header: "Leased now", numeric: true, cell: (a) => count(a.leased) },
    {
      key: "lastActive",
      header: "Last active",
      cell: (a) => (a.lastActive ? <LocalTime value={a.lastActive} style="dateTime" /> : MISSING),
    },
    {
      key: "share",
      header: "Share of items",
      cell: (a) => (
        <progress
          className="progress"
          value={a.items}
          max={Math.max(p.items, 1)}
          aria-label={`${a.name}: share of items labelled`}
        />
      ),
    },
  ];
  return (
    <div className="stack">
      <section className="card">
        <h3 className="card-title">Overall</h3>
        <p className="tight">
          <strong>{count(p.complete)}</strong> of {count(p.items)} items have {p.k} or more labels ({percent(share, 1)}
          ).
        </p>
        <progress
          className="progress full"
          value={p.complete}
          max={Math.max(p.items, 1)}
          aria-label="Items with k labels"
        />
      </section>
      <ProgressCharts slug={slug} k={p.k} byCount={p.byCount} overTime={p.overTime} unit={p.unit} />
      <section className="card">
        <h3 className="card-title">Annotators</h3>
        {p.annotators.length === 0 ? (
          <p className="empty">Nobody has labelled yet. Invite annotators from the project settings.</p>
        ) : (
          <DataTable label="Annotators" columns={columns} rows={p.annotators} rowKey={(a) => a.annotatorId} />
        )}
      </section>
    </div>
  );
}
