import Link from "next/link";
import { ReliabilityCharts } from "@/components/dashboards/DashboardCharts";
import { DataTable, type Column } from "@/components/ui/DataTable";
import { db } from "@/lib/db";
import {
  describePooling,
  qualityDashboard,
  type AnnotatorQuality,
  type QualityDashboard,
} from "@/lib/hardness/dashboards";
import { RateLimitedError, UnavailableError, UnprocessableError } from "@/lib/errors";
import { count, decimal, MISSING, percent } from "@/lib/format";
import { pageAccess } from "@/lib/projects/page-access";

export const metadata = { title: "Calibration & quality" };
export const dynamic = "force-dynamic";

const annotatorColumns: Column<AnnotatorQuality>[] = [
  { key: "name", header: "Annotator", cell: (a) => a.name },
  { key: "labels", header: "Labels", numeric: true, cell: (a) => count(a.labels) },
  {
    key: "gold",
    header: "Gold",
    title: "Labels on gold items (the checks mixed into the queue)",
    numeric: true,
    cell: (a) => count(a.goldItemLabels),
  },
  {
    key: "scored",
    header: "Scored",
    title: "Labels on items with an answer key: the sample of the scores to the right",
    numeric: true,
    cell: (a) => count(a.goldLabels),
  },
  { key: "time", header: "Median time (s)", numeric: true, cell: (a) => decimal(a.medianSeconds, 1) },
  { key: "accuracy", header: "Accuracy", numeric: true, cell: (a) => percent(a.accuracy) },
  { key: "brier", header: "Brier", numeric: true, cell: (a) => decimal(a.brier, 3) },
  { key: "logLoss", header: "Log loss", numeric: true, cell: (a) => decimal(a.logLoss, 3) },
  { key: "ece", header: "ECE", numeric: true, cell: (a) => decimal(a.ece, 3) },
  { key: "temperature", header: "Temperature", numeric: true, cell: (a) => decimal(a.temperature) },
  { key: "agreement", header: "Agreement", numeric: true, cell: (a) => percent(a.agreement) },
];

const alphaColumns: Column<QualityDashboard["alpha"][number]>[] = [
  { key: "rating", header: "Rating", cell: (a) => a.label },
  { key: "level", header: "Level", cell: (a) => a.level },
  { key: "alpha", header: "Alpha", numeric: true, cell: (a) => decimal(a.alpha, 3) },
  {
    key: "ci",
    header: "95% CI",
    numeric: true,
    cell: (a) => (a.lo === null ? MISSING : `${decimal(a.lo, 3)} – ${decimal(a.hi, 3)}`),
  },
  { key: "items", header: "Items", numeric: true, cell: (a) => count(a.units) },
];

export default async function QualityPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ resample?: string }>;
}) {
  const { slug } = await params;
  const { user, project } = await pageAccess(slug, "RESEARCHER");
  const twoWay = (await searchParams).resample === "items+annotators";
  let q: QualityDashboard;
  try {
    q = await qualityDashboard(await db(), project.id, twoWay ? "items+annotators" : "items", { caller: user.id });
  } catch (e) {
    // Over the compute budget, too soon after other computations, or out of time: say which, and what to do.
    if (!(e instanceof UnprocessableError || e instanceof RateLimitedError || e instanceof UnavailableError)) throw e;
    return (
      <div className="card stack" role="alert">
        <p className="mt-0">{e.message}</p>
        {twoWay ? <Link href="?resample=items">Resample items only</Link> : null}
      </div>
    );
  }
  return (
    <div className="stack">
      <ReliabilityCharts slug={slug} overall={q.overall} perAnnotator={q.perAnnotator} />
      <section className="card">
        <h3 className="card-title">Annotators</h3>
        <p className="small muted">
          Gold: labels on gold items. Scores on items with an answer key (Scored). Brier and log loss: lower is better;
          ECE: expected calibration error (10 bins); temperature: T &gt; 1 means overconfident (fitted with 5 or more
          gold labels); agreement: top choice equal to the pooled label&apos;s.
          {q.overall.accuracy !== null
            ? ` Overall accuracy ${percent(q.overall.accuracy)}, ECE ${decimal(q.overall.ece, 3)}.`
            : ""}{" "}
          {describePooling(q.pooling)}
        </p>
        {q.annotators.length === 0 ? (
          <p className="empty">No labels yet.</p>
        ) : (
          <DataTable label="Annotators" columns={annotatorColumns} rows={q.annotators} rowKey={(a) => a.annotatorId} />
        )}
      </section>
      <section className="card">
        <h3 className="card-title">Inter-annotator agreement (Krippendorff&apos;s alpha)</h3>
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
        <DataTable label="Agreement" columns={alphaColumns} rows={q.alpha} rowKey={(a) => a.field} />
      </section>
      <div className="chart-grid">
        <section className="card">
          <h3 className="card-title">Flagged or commented</h3>
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
          <h3 className="card-title">Skipped</h3>
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
