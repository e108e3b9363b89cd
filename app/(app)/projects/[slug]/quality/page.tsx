import Link from "next/link";
import { ReliabilityCharts } from "@/components/dashboards/DashboardCharts";
import { db } from "@/lib/db";
import { describePooling, qualityDashboard } from "@/lib/hardness/dashboards";
import { pageAccess } from "@/lib/projects/page-access";

export const metadata = { title: "Calibration & quality" };
export const dynamic = "force-dynamic";

const fmt = (x: number | null, digits = 2) => (x === null ? "–" : x.toFixed(digits));
const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(0)}%`);

export default async function QualityPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ resample?: string }>;
}) {
  const { slug } = await params;
  const { project } = await pageAccess(slug, "RESEARCHER");
  const twoWay = (await searchParams).resample === "items+annotators";
  const q = await qualityDashboard(await db(), project.id, twoWay ? "items+annotators" : "items");
  return (
    <div className="stack">
      <ReliabilityCharts slug={slug} overall={q.overall} perAnnotator={q.perAnnotator} />
      <section className="card">
        <h3 style={{ marginTop: 0 }}>Annotators</h3>
        <p className="small muted">
          Scores on items with a gold answer. Brier and log loss: lower is better; ECE: expected calibration error (10
          bins); temperature: T &gt; 1 means overconfident (fitted with 5 or more gold labels); agreement: top choice
          equal to the pooled label&apos;s.
          {q.overall.accuracy !== null
            ? ` Overall accuracy ${pct(q.overall.accuracy)}, ECE ${fmt(q.overall.ece, 3)}.`
            : ""}{" "}
          {describePooling(q.pooling)}
        </p>
        {q.annotators.length === 0 ? (
          <p className="empty">No labels yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Annotator</th>
                  <th scope="col" className="num">
                    Labels
                  </th>
                  <th scope="col" className="num">
                    Gold
                  </th>
                  <th scope="col" className="num">
                    Median time (s)
                  </th>
                  <th scope="col" className="num">
                    Accuracy
                  </th>
                  <th scope="col" className="num">
                    Brier
                  </th>
                  <th scope="col" className="num">
                    Log loss
                  </th>
                  <th scope="col" className="num">
                    ECE
                  </th>
                  <th scope="col" className="num">
                    Temperature
                  </th>
                  <th scope="col" className="num">
                    Agreement
                  </th>
                </tr>
              </thead>
              <tbody>
                {q.annotators.map((a) => (
                  <tr key={a.annotatorId}>
                    <td>{a.name}</td>
                    <td className="num">{a.labels}</td>
                    <td className="num">{a.goldLabels}</td>
                    <td className="num">{fmt(a.medianSeconds, 1)}</td>
                    <td className="num">{pct(a.accuracy)}</td>
                    <td className="num">{fmt(a.brier, 3)}</td>
                    <td className="num">{fmt(a.logLoss, 3)}</td>
                    <td className="num">{fmt(a.ece, 3)}</td>
                    <td className="num">{fmt(a.temperature)}</td>
                    <td className="num">{pct(a.agreement)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card">
        <h3 style={{ marginTop: 0 }}>Inter-annotator agreement (Krippendorff&apos;s alpha)</h3>
        <p className="small muted">
          1 = perfect agreement, 0 = chance. 95% percentile bootstrap interval (200 resamples) over{" "}
          {twoWay
            ? "items and, independently, annotators (two-way: an annotator drawn twice counts twice)"
            : "items, with the annotators held fixed"}
          . Items with two or more labels count.{" "}
          <Link href={`?resample=${twoWay ? "items" : "items%2Bannotators"}`}>
            {twoWay ? "Resample items only" : "Resample annotators too"}
          </Link>
        </p>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Rating</th>
                <th scope="col">Level</th>
                <th scope="col" className="num">
                  Alpha
                </th>
                <th scope="col" className="num">
                  95% CI
                </th>
                <th scope="col" className="num">
                  Items
                </th>
              </tr>
            </thead>
            <tbody>
              {q.alpha.map((a) => (
                <tr key={a.field}>
                  <td>{a.label}</td>
                  <td>{a.level}</td>
                  <td className="num">{fmt(a.alpha, 3)}</td>
                  <td className="num">{a.lo === null ? "–" : `${fmt(a.lo, 3)} – ${fmt(a.hi, 3)}`}</td>
                  <td className="num">{a.units}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <div className="chart-grid">
        <section className="card">
          <h3 style={{ marginTop: 0 }}>Flagged or commented</h3>
          {q.flagged.length === 0 ? (
            <p className="empty">No flagged items.</p>
          ) : (
            <ul className="plain-list">
              {q.flagged.map((f, i) => (
                <li key={`${f.itemId}-${i}`}>
                  <Link href={`/projects/${slug}/items/${f.itemId}`}>{f.externalId}</Link>{" "}
                  <span className="small muted">by {f.annotator}</span>
                  {f.comment ? <div className="small">{f.comment}</div> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card">
          <h3 style={{ marginTop: 0 }}>Skipped</h3>
          {q.skipped.length === 0 ? (
            <p className="empty">No skipped items.</p>
          ) : (
            <ul className="plain-list">
              {q.skipped.map((s, i) => (
                <li key={`${s.itemId}-${i}`}>
                  <Link href={`/projects/${slug}/items/${s.itemId}`}>{s.externalId}</Link>{" "}
                  <span className="small muted">by {s.annotator}</span>
                  <div className="small">{s.reason ?? "No reason given"}</div>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
