"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from "recharts";
import { decimal, tick } from "@/lib/format";
import { seriesColor } from "./colors";

const axisStyle = { fontSize: 12, fill: "var(--muted)" };
// The scatter's axes have fixed sizes so the marginal histograms can line up with its plot area exactly.
const SCATTER_MARGIN = { top: 8, right: 8, bottom: 28, left: 12 };
const X_AXIS_HEIGHT = 30;
const Y_AXIS_WIDTH = 56;
const tooltipStyle = {
  background: "var(--surface)",
  border: "1px solid var(--border)",
  color: "var(--text)",
  borderRadius: 6,
};

/** Bars per category for one or more series (stacked when asked), e.g. entropy histograms by source. */
export function BarSeries({
  data,
  x,
  series,
  xLabel,
  yLabel,
  stacked = false,
  height = 280,
}: {
  data: Record<string, unknown>[];
  x: string;
  series: { key: string; label?: string }[];
  xLabel: string;
  yLabel: string;
  stacked?: boolean;
  height?: number;
}) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 28, left: 12 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis
          dataKey={x}
          tick={axisStyle}
          label={{ value: xLabel, position: "insideBottom", offset: -16, ...axisStyle }}
        />
        <YAxis
          tick={axisStyle}
          allowDecimals={false}
          label={{ value: yLabel, angle: -90, position: "insideLeft", ...axisStyle }}
        />
        <Tooltip contentStyle={tooltipStyle} cursor={{ fill: "var(--surface-2)" }} />
        {series.length > 1 ? <Legend verticalAlign="top" height={28} /> : null}
        {series.map((s, i) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.label ?? s.key}
            fill={seriesColor(i)}
            stackId={stacked ? "all" : undefined}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Lines over a category or time axis. */
export function LineSeries({
  data,
  x,
  series,
  xLabel,
  yLabel,
  height = 280,
  formatX,
}: {
  data: Record<string, unknown>[];
  x: string;
  series: { key: string; label?: string }[];
  xLabel: string;
  yLabel: string;
  height?: number;
  formatX?: (v: string) => string;
}) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 28, left: 12 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis
          dataKey={x}
          tick={axisStyle}
          tickFormatter={formatX}
          minTickGap={24}
          label={{ value: xLabel, position: "insideBottom", offset: -16, ...axisStyle }}
        />
        <YAxis
          tick={axisStyle}
          allowDecimals={false}
          label={{ value: yLabel, angle: -90, position: "insideLeft", ...axisStyle }}
        />
        <Tooltip contentStyle={tooltipStyle} labelFormatter={(v) => (formatX ? formatX(String(v)) : String(v))} />
        {series.length > 1 ? <Legend verticalAlign="top" height={28} /> : null}
        {series.map((s, i) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.label ?? s.key}
            stroke={seriesColor(i)}
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

export type ReliabilityPoint = { confidence: number; accuracy: number; count: number; lo: number; hi: number };

/** Reliability diagram: mean confidence against accuracy per confidence bin; the diagonal is perfect calibration. */
export function ReliabilityDiagram({
  series,
  height = 300,
}: {
  series: { name: string; bins: ReliabilityPoint[] }[];
  height?: number;
}) {
  return (
    <figure className="chart-with-legend">
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart margin={{ top: 8, right: 16, bottom: 28, left: 12 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            type="number"
            dataKey="confidence"
            domain={[0, 1]}
            tick={axisStyle}
            label={{
              value: "Confidence (probability of the top choice)",
              position: "insideBottom",
              offset: -16,
              ...axisStyle,
            }}
          />
          <YAxis
            type="number"
            dataKey="accuracy"
            domain={[0, 1]}
            tick={axisStyle}
            label={{ value: "Accuracy on gold", angle: -90, position: "insideLeft", ...axisStyle }}
          />
          <Tooltip contentStyle={tooltipStyle} formatter={(v) => decimal(Number(v))} />
          <Line
            data={[
              { confidence: 0, accuracy: 0 },
              { confidence: 1, accuracy: 1 },
            ]}
            dataKey="accuracy"
            name="Perfect calibration"
            stroke="var(--muted)"
            strokeDasharray="4 4"
            dot={false}
            isAnimationActive={false}
            legendType="plainline"
          />
          {series.map((s, i) => (
            <Line
              key={s.name}
              data={s.bins}
              dataKey="accuracy"
              name={s.name}
              stroke={seriesColor(i)}
              strokeWidth={2}
              dot={{ r: 3 }}
              isAnimationActive={false}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
      {/* Below the plot, as HTML: a legend drawn inside the chart covered the plot once the names wrapped. */}
      <figcaption className="chart-legend">
        <span className="legend-item">
          <span className="legend-swatch dashed" aria-hidden /> Perfect calibration
        </span>
        {series.map((s, i) => (
          <span key={s.name} className="legend-item">
            <span className={`legend-swatch c${(i % 8) + 1}`} aria-hidden /> {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Deterministic jitter in [-w, w] so ordinal points do not sit on top of each other. */
function jitter(index: number, width: number): number {
  const x = Math.sin(index * 12.9898) * 43758.5453;
  return (x - Math.floor(x) - 0.5) * 2 * width;
}

export type ScatterPoint = { itemId: string; externalId: string; x: number; y: number };

/** Scatter of two measures (jittered when discrete) with marginal histograms above and to the right. */
export function ScatterWithMarginals({
  points,
  xLabel,
  yLabel,
  jitterX,
  jitterY,
  xHistogram,
  yHistogram,
  onPoint,
}: {
  points: ScatterPoint[];
  xLabel: string;
  yLabel: string;
  jitterX: boolean;
  jitterY: boolean;
  xHistogram: { from: number; to: number; count: number }[];
  yHistogram: { from: number; to: number; count: number }[];
  onPoint?: (p: ScatterPoint) => void;
}) {
  const shown = points.map((p, i) => ({
    ...p,
    jx: p.x + (jitterX ? jitter(i, 0.18) : 0),
    jy: p.y + (jitterY ? jitter(i + 7919, 0.18) : 0),
  }));
  const bin = (h: { from: number; to: number; count: number }) => ({
    label: h.from === h.to ? tick(h.from) : `${tick(h.from)}–${tick(h.to)}`,
    count: h.count,
  });
  return (
    <div className="scatter-marginals">
      <div className="marginal-top">
        <ResponsiveContainer width="100%" height={90}>
          <BarChart
            data={xHistogram.map(bin)}
            margin={{ top: 4, right: SCATTER_MARGIN.right, bottom: 0, left: SCATTER_MARGIN.left + Y_AXIS_WIDTH }}
          >
            <XAxis dataKey="label" hide />
            <YAxis hide />
            <Tooltip contentStyle={tooltipStyle} />
            <Bar dataKey="count" name={`${xLabel}: items`} fill="var(--c5)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div className="marginal-main">
        <ResponsiveContainer width="100%" height={340}>
          <ScatterChart margin={SCATTER_MARGIN}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis
              type="number"
              dataKey="jx"
              name={xLabel}
              tick={axisStyle}
              domain={["auto", "auto"]}
              height={X_AXIS_HEIGHT}
              tickFormatter={(v) => tick(Number(v))}
              label={{ value: xLabel, position: "insideBottom", offset: -16, ...axisStyle }}
            />
            <YAxis
              type="number"
              dataKey="jy"
              name={yLabel}
              tick={axisStyle}
              domain={["auto", "auto"]}
              width={Y_AXIS_WIDTH}
              tickFormatter={(v) => tick(Number(v))}
              label={{ value: yLabel, angle: -90, position: "insideLeft", ...axisStyle }}
            />
            <ZAxis range={[14, 14]} />
            <Tooltip
              contentStyle={tooltipStyle}
              content={({ payload }) => {
                const p = payload?.[0]?.payload as (ScatterPoint & { jx: number }) | undefined;
                return p ? (
                  <div className="small chart-tooltip">
                    <strong>{p.externalId}</strong>
                    <br />
                    {xLabel}: {decimal(p.x, 3)}
                    <br />
                    {yLabel}: {decimal(p.y, 3)}
                  </div>
                ) : null;
              }}
            />
            <Scatter
              data={shown}
              fill="var(--c1)"
              fillOpacity={0.55}
              isAnimationActive={false}
              onClick={(p) => onPoint?.((p as unknown as { payload: ScatterPoint }).payload)}
            />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <div className="marginal-side">
        <ResponsiveContainer width="100%" height={340}>
          <BarChart
            layout="vertical"
            data={yHistogram.map(bin).reverse()}
            margin={{ top: SCATTER_MARGIN.top, right: 4, bottom: SCATTER_MARGIN.bottom + X_AXIS_HEIGHT, left: 0 }}
          >
            <XAxis type="number" hide />
            <YAxis type="category" dataKey="label" hide />
            <Tooltip contentStyle={tooltipStyle} />
            <Bar dataKey="count" name={`${yLabel}: items`} fill="var(--c5)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
