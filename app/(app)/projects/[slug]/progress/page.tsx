import { ProgressCharts } from "@/components/dashboards/DashboardCharts";
import { db } from "@/lib/db";
import { progressDashboard } from "@/lib/hardness/dashboards";
import { pageAccess } from "@/lib/projects/page-access";

export const metadata = { title: "Progress" };
export const dynamic = "force-dynamic";

export default async function ProgressPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project } = await pageAccess(slug, "RESEARCHER");
  const p = await progressDashboard(await db(), project);
  const share = p.items > 0 ? p.complete / p.items : 0;
  return (
    <div className="stack">
      <section className="card">
        <h3 style={{ marginTop: 0 }}>Overall</h3>
        <p style={{ margin: ".25rem 0" }}>
          <strong>{p.complete.toLocaleString()}</strong> of {p.items.toLocaleString()} items have {p.k} or more labels (
          {(share * 100).toFixed(1)}%).
        </p>
        <progress
          className="progress"
          value={p.complete}
          max={Math.max(p.items, 1)}
          aria-label="Items with k labels"
          style={{ width: "100%" }}
        />
      </section>
      <ProgressCharts slug={slug} k={p.k} byCount={p.byCount} overTime={p.overTime} unit={p.unit} />
      <section className="card">
        <h3 style={{ marginTop: 0 }}>Annotators</h3>
        {p.annotators.length === 0 ? (
          <p className="empty">Nobody has labelled yet. Invite annotators from the project settings.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Annotator</th>
                  <th scope="col" className="num">
                    Items labelled
                  </th>
                  <th scope="col" className="num">
                    Labels incl. revisions
                  </th>
                  <th scope="col" className="num">
                    Skipped
                  </th>
                  <th scope="col" className="num">
                    Leased now
                  </th>
                  <th scope="col">Last active</th>
                  <th scope="col">Share of items</th>
                </tr>
              </thead>
              <tbody>
                {p.annotators.map((a) => (
                  <tr key={a.annotatorId}>
                    <td>{a.name}</td>
                    <td className="num">{a.items}</td>
                    <td className="num">{a.labels}</td>
                    <td className="num">{a.skipped}</td>
                    <td className="num">{a.leased}</td>
                    <td>
                      {a.lastActive
                        ? new Date(a.lastActive).toLocaleString("en-GB", { timeZone: "UTC" }) + " UTC"
                        : "–"}
                    </td>
                    <td>
                      <progress
                        className="progress"
                        value={a.items}
                        max={Math.max(p.items, 1)}
                        aria-label={`${a.name}: share of items labelled`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
