import Link from "next/link";
import { EntropyCharts } from "@/components/dashboards/DashboardCharts";
import { db } from "@/lib/db";
import { entropyDashboard } from "@/lib/hardness/dashboards";
import { pageAccess } from "@/lib/projects/page-access";
import { decimal } from "@/lib/format";

export const metadata = { title: "Entropy" };
export const dynamic = "force-dynamic";

export default async function EntropyPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project } = await pageAccess(slug, "RESEARCHER");
  const dashboard = await entropyDashboard(await db(), project.id);
  return (
    <div className="stack">
      <EntropyCharts
        slug={slug}
        sources={dashboard.sources}
        histogram={dashboard.histogram}
        byMeasure={dashboard.byMeasure}
        labelled={dashboard.labelled}
      />
      <section className="card">
        <h3 className="mt-0">Items with the highest disagreement</h3>
        <p className="small muted">
          Disagreement: share of annotators whose top choice differs from the most common one (free response: from the
          most common answer).
        </p>
        {dashboard.mostDisagreed.length === 0 ? (
          <p className="empty">No disagreement yet: items need labels from two or more annotators.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Source</th>
                  <th scope="col">Subject</th>
                  <th scope="col" className="num">
                    Disagreement
                  </th>
                  <th scope="col" className="num">
                    Normalized entropy
                  </th>
                  <th scope="col" className="num">
                    Labels
                  </th>
                </tr>
              </thead>
              <tbody>
                {dashboard.mostDisagreed.map((d) => (
                  <tr key={d.itemId}>
                    <td>
                      <Link href={`/projects/${slug}/items/${d.itemId}`}>{d.externalId}</Link>
                    </td>
                    <td>{d.source ?? ""}</td>
                    <td>{d.subject ?? ""}</td>
                    <td className="num">{decimal(d.disagreement)}</td>
                    <td className="num">{decimal(d.normalizedEntropy)}</td>
                    <td className="num">{d.annotations}</td>
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
