"use client";
import "./annotate.css";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { CalibrationPoint } from "@/lib/annotations/scores";

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** Accuracy beside mean confidence (a gap is over- or under-confidence) and the Brier score, over the last 20 checks. */
export function CalibrationChart({ points, label }: { points: CalibrationPoint[]; label: string }) {
  if (points.length === 0) return <p className="small muted">No check questions answered yet.</p>;
  const last = points[points.length - 1];
  const dot = points.length <= 30;
  return (
    <figure className="calibration-chart">
      <div
        className="calibration-chart-plot"
        role="img"
        aria-label={`${label}: after ${last.index} check questions, accuracy ${percent(last.accuracy)}, mean confidence ${percent(last.meanConfidence)}, Brier ${last.brier.toFixed(2)}`}
      >
        <ResponsiveContainer>
          <LineChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: -8 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis dataKey="index" tick={{ fontSize: 12 }} stroke="var(--muted)" />
            <YAxis domain={[0, 1]} tick={{ fontSize: 12 }} stroke="var(--muted)" />
            <Tooltip
              formatter={(v, name) => (name === "Brier" ? Number(v).toFixed(3) : percent(Number(v)))}
              labelFormatter={(i) => `After check ${i}`}
            />
            <Legend />
            <Line
              type="monotone"
              dataKey="accuracy"
              name="Accuracy"
              stroke="var(--c1)"
              dot={dot}
              strokeWidth={2}
              isAnimationActive={false}
            />
            <Line
              type="monotone"
              dataKey="meanConfidence"
              name="Confidence"
              stroke="var(--c2)"
              dot={dot}
              strokeWidth={2}
              strokeDasharray="5 3"
              isAnimationActive={false}
            />
            <Line
              type="monotone"
              dataKey="brier"
              name="Brier"
              stroke="var(--c3)"
              dot={dot}
              strokeWidth={2}
              strokeDasharray="2 2"
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="small muted">
        Moving average over the last 20 check questions. Confidence above accuracy means over-confidence.
      </figcaption>
    </figure>
  );
}
