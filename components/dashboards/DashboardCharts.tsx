"use client";

import { BarSeries, LineSeries, ReliabilityDiagram, type ReliabilityPoint } from "@/components/charts/Charts";
import { date, plural } from "@/lib/format";
import { BoxPlot, type Box } from "@/components/charts/BoxPlot";
import { ChartFrame } from "@/components/charts/ChartFrame";

/** Entropy page: normalized entropy by source, and against each ordinal measure. */
export function EntropyCharts({
  slug,
  sources,
  histogram,
  byMeasure,
  labelled,
}: {
  slug: string;
  sources: string[];
  histogram: Record<string, number | string>[];
  byMeasure: { name: string; label: string; boxes: Box[] }[];
  labelled: number;
}) {
  const empty = labelled === 0 ? "No labelled items yet: entropy needs at least one soft label per item." : null;
  return (
    <div className="stack">
      <ChartFrame
        title="Normalized entropy by source"
        description={`Entropy of each item's pooled soft label divided by log2 of its number of options (0 = certain, 1 = uniform); ${plural(labelled, "labelled item")}.`}
        fileName={`${slug}-entropy-histogram`}
        data={histogram}
        empty={empty}
      >
        <BarSeries
          data={histogram}
          x="label"
          series={sources.map((s) => ({ key: s }))}
          xLabel="Normalized entropy"
          yLabel="Items"
          stacked
        />
      </ChartFrame>
      <div className="chart-grid">
        {byMeasure.map((m) => (
          <ChartFrame
            key={m.name}
            title={`Entropy by ${m.label}`}
            description="Box: quartiles; line: median; whiskers: range. Hover a box for n."
            fileName={`${slug}-entropy-by-${m.name}`}
            data={m.boxes}
            empty={empty}
          >
            <BoxPlot boxes={m.boxes} xLabel={m.label} yLabel="Normalized entropy" />
          </ChartFrame>
        ))}
      </div>
      {byMeasure.length === 0 && !empty ? (
        <p className="muted small">
          No ordinal measure has two or more levels yet (ratings such as grade or Bloom appear once annotators give
          them).
        </p>
      ) : null}
    </div>
  );
}

/** Calibration page: overall and per-annotator reliability diagrams. */
export function ReliabilityCharts({
  slug,
  overall,
  perAnnotator,
}: {
  slug: string;
  overall: { bins: ReliabilityPoint[]; labels: number };
  perAnnotator: { name: string; bins: ReliabilityPoint[] }[];
}) {
  const withData = (bins: ReliabilityPoint[]) => bins.filter((b) => b.count > 0);
  const empty = overall.labels === 0 ? "No soft labels on items with a gold answer yet." : null;
  return (
    <div className="chart-grid">
      <ChartFrame
        title="Reliability: all annotators"
        description={`${plural(overall.labels, "soft label")} on gold items, 10 equal-width confidence bins. Points below the diagonal are overconfident.`}
        fileName={`${slug}-reliability`}
        data={overall.bins}
        empty={empty}
      >
        <ReliabilityDiagram series={[{ name: "All annotators", bins: withData(overall.bins) }]} />
      </ChartFrame>
      <ChartFrame
        title="Reliability per annotator"
        description="Annotators with at least 5 gold labels (up to 8, most active first)."
        fileName={`${slug}-reliability-per-annotator`}
        data={perAnnotator.flatMap((a) => a.bins.map((b) => ({ annotator: a.name, ...b })))}
        empty={perAnnotator.length === 0 ? "No annotator has 5 gold labels yet." : null}
      >
        <ReliabilityDiagram series={perAnnotator.map((a) => ({ name: a.name, bins: withData(a.bins) }))} />
      </ChartFrame>
    </div>
  );
}

/** Progress page: items by number of labels, labels over time. */
export function ProgressCharts({
  slug,
  k,
  byCount,
  overTime,
  unit,
}: {
  slug: string;
  k: number;
  byCount: { labels: string; items: number }[];
  overTime: { bucket: string; labels: number }[];
  unit: "hour" | "day";
}) {
  const format = (iso: string) => date(iso, unit === "hour" ? "hour" : "day");
  return (
    <div className="chart-grid">
      <ChartFrame
        title="Items by number of current labels"
        description={`The target is k = ${k} labels per item.`}
        fileName={`${slug}-items-by-labels`}
        data={byCount}
        empty={byCount.every((b) => b.items === 0) ? "No items yet." : null}
      >
        <BarSeries
          data={byCount}
          x="labels"
          series={[{ key: "items", label: "Items" }]}
          xLabel="Current labels per item"
          yLabel="Items"
        />
      </ChartFrame>
      <ChartFrame
        title={`Labels per ${unit}`}
        description="Every submitted label, revisions included."
        fileName={`${slug}-labels-per-${unit}`}
        data={overTime}
        empty={overTime.length === 0 ? "No labels yet." : null}
      >
        <LineSeries
          data={overTime}
          x="bucket"
          series={[{ key: "labels", label: "Labels" }]}
          xLabel={unit === "hour" ? "Hour" : "Day"}
          yLabel="Labels"
          formatX={format}
        />
      </ChartFrame>
    </div>
  );
}
