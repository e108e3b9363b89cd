"use client";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { previewSplit } from "@/lib/splits/preview";
import { count, percent } from "@/lib/format";

export type Preview = ReturnType<typeof previewSplit>;

const COLORS = { train: "var(--c1)", validation: "var(--c2)", test: "var(--c3)" } as const;

/** The preview of a recipe: counts, the measure per partition, label noise, class balance, and the tau curve. */
export function SplitPreview({ preview }: { preview: Preview }) {
  const { counts, distribution, labelAccuracy, classBalance, confidenceCurve, notes, cutoffs } = preview;
  return (
    <section className="stack" aria-label="Split preview">
      <div className="grid split-grid">
        {(["train", "validation", "test", "excluded"] as const).map((p) => (
          <div key={p} className="card">
            <div className="muted small">{p}</div>
            <div className="stat">{count(counts[p])}</div>
          </div>
        ))}
      </div>
      {counts.byHardness && (
        <div className="table-wrap">
          <table className="table" aria-label="Items per split and hardness">
            <caption className="small muted">
              Easy-to-hard protocol: items per split and hardness bin. Every training condition is tested on the hard
              test items.
            </caption>
            <thead>
              <tr>
                <th scope="col">Split</th>
                {(["easy", "medium", "hard"] as const).map((h) => (
                  <th key={h} scope="col" className="num">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(["train", "validation", "test"] as const).map((p) => (
                <tr key={p}>
                  <td>{p}</td>
                  {(["easy", "medium", "hard"] as const).map((h) => (
                    <td key={h} className="num">
                      {counts.byHardness![p][h].toLocaleString("en")}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cutoffs && (
        <p className="small muted">
          Cut-offs:{" "}
          {Object.entries(cutoffs)
            .map(
              ([stratum, c]) =>
                `${stratum ? `${stratum.replace("\u0000", " / ")}: ` : ""}easy ≤ ${+c.easyMax.toPrecision(6)}, hard ≥ ${+c.hardMin.toPrecision(6)}`,
            )
            .join("; ")}
        </p>
      )}
      {notes.length > 0 && (
        <ul className="notice small flush indent">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {distribution && (
        <div className="card">
          <h3 className="mt-0">{distribution.measure} by partition</h3>
          {distribution.bins.length === 0 ? (
            <p className="empty">No item in the split has a value of this measure.</p>
          ) : (
            <div className="chart-box">
              <ResponsiveContainer>
                <BarChart data={distribution.bins} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                  <XAxis dataKey="label" stroke="var(--muted)" />
                  <YAxis allowDecimals={false} stroke="var(--muted)" />
                  <Tooltip contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)" }} />
                  <Legend />
                  {(["train", "validation", "test"] as const).map((p) => (
                    <Bar key={p} dataKey={p} stackId="a" fill={COLORS[p]} isAnimationActive={false} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </div>
          )}
        </div>
      )}
      <div className="grid split-grid">
        <div className="card">
          <h3 className="mt-0">Labels against gold</h3>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Partition</th>
                  <th className="num">With gold</th>
                  <th className="num">Accuracy</th>
                  <th className="num">Noise rate</th>
                </tr>
              </thead>
              <tbody>
                {(["train", "validation", "test"] as const).map((p) => (
                  <tr key={p}>
                    <td>{p}</td>
                    <td className="num">{labelAccuracy[p].known}</td>
                    <td className="num">{percent(labelAccuracy[p].accuracy, 1)}</td>
                    <td className="num">{percent(labelAccuracy[p].noiseRate, 1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        <div className="card">
          <h3 className="mt-0">Class balance</h3>
          {classBalance.length === 0 ? (
            <p className="muted small">Free-response items only: no classes.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Label</th>
                  <th className="num">Train</th>
                  <th className="num">Validation</th>
                  <th className="num">Test</th>
                </tr>
              </thead>
              <tbody>
                {classBalance.map((c) => (
                  <tr key={c.label}>
                    <td>{c.label}</td>
                    <td className="num">{c.train}</td>
                    <td className="num">{c.validation}</td>
                    <td className="num">{c.test}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
      {confidenceCurve && (
        <div className="card">
          <h3 className="mt-0">Train size and label accuracy against tau</h3>
          <div className="chart-box">
            <ResponsiveContainer>
              <LineChart
                data={confidenceCurve.map((p) => ({
                  ...p,
                  accuracyPct: p.accuracy === null ? null : 100 * p.accuracy,
                }))}
                margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
              >
                <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                <XAxis
                  dataKey="tau"
                  stroke="var(--muted)"
                  label={{ value: "tau", position: "insideBottomRight", offset: -4 }}
                />
                <YAxis yAxisId="size" allowDecimals={false} stroke="var(--c1)" />
                <YAxis yAxisId="acc" orientation="right" domain={[0, 100]} unit="%" stroke="var(--c6)" />
                <Tooltip contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)" }} />
                <Legend />
                <Line
                  yAxisId="size"
                  type="stepAfter"
                  dataKey="trainSize"
                  name="train size"
                  stroke="var(--c1)"
                  dot={false}
                  isAnimationActive={false}
                />
                <Line
                  yAxisId="acc"
                  type="monotone"
                  dataKey="accuracyPct"
                  name="label accuracy (%)"
                  stroke="var(--c6)"
                  dot={false}
                  connectNulls
                  isAnimationActive={false}
                />
              </LineChart>
            </ResponsiveContainer>
          </div>
        </div>
      )}
    </section>
  );
}
