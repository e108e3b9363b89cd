"use client";

import { decimal, tick } from "@/lib/format";

export type Box = { level: number; n: number; min: number; q1: number; median: number; q3: number; max: number };

/** Box plots of a value (0..1 by default) per level of an ordinal measure: whiskers min-max, box q1-q3, median line. */
export function BoxPlot({
  boxes,
  xLabel,
  yLabel,
  domain = [0, 1],
  height = 240,
}: {
  boxes: Box[];
  xLabel: string;
  yLabel: string;
  domain?: [number, number];
  height?: number;
}) {
  const width = Math.max(420, 70 + boxes.length * 40);
  const [top, bottom, left] = [12, 44, 52];
  const plotHeight = height - top - bottom;
  const y = (v: number) => top + plotHeight * (1 - (v - domain[0]) / (domain[1] - domain[0]));
  const step = (width - left - 12) / boxes.length;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => domain[0] + t * (domain[1] - domain[0]));
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      height={height}
      role="img"
      aria-label={`${yLabel} by ${xLabel}`}
    >
      {ticks.map((t) => (
        <g key={t}>
          <line x1={left} x2={width - 8} y1={y(t)} y2={y(t)} stroke="var(--border)" strokeDasharray="3 3" />
          <text x={left - 6} y={y(t) + 4} textAnchor="end" fontSize={11} fill="var(--muted)">
            {decimal(t)}
          </text>
        </g>
      ))}
      {boxes.map((b, i) => {
        const cx = left + step * (i + 0.5);
        const w = Math.min(34, step * 0.6);
        return (
          <g key={b.level}>
            <title>{`${xLabel} ${b.level}: n = ${b.n}, median ${decimal(b.median)}, quartiles ${decimal(b.q1)}–${decimal(b.q3)}, range ${decimal(b.min)}–${decimal(b.max)}`}</title>
            <line x1={cx} x2={cx} y1={y(b.max)} y2={y(b.min)} stroke="var(--c1)" />
            <rect
              x={cx - w / 2}
              y={y(b.q3)}
              width={w}
              height={Math.max(1, y(b.q1) - y(b.q3))}
              fill="color-mix(in srgb, var(--c1) 30%, transparent)"
              stroke="var(--c1)"
            />
            <line
              x1={cx - w / 2}
              x2={cx + w / 2}
              y1={y(b.median)}
              y2={y(b.median)}
              stroke="var(--c6)"
              strokeWidth={2.5}
            />
            <text x={cx} y={height - bottom + 16} textAnchor="middle" fontSize={11} fill="var(--muted)">
              {tick(b.level)}
            </text>
            <text x={cx} y={height - bottom + 29} textAnchor="middle" fontSize={10} fill="var(--muted)">
              n={b.n}
            </text>
          </g>
        );
      })}
      <text x={left + (width - left) / 2} y={height - 2} textAnchor="middle" fontSize={12} fill="var(--muted)">
        {xLabel}
      </text>
      <text
        x={12}
        y={top + plotHeight / 2}
        textAnchor="middle"
        fontSize={12}
        fill="var(--muted)"
        transform={`rotate(-90 12 ${top + plotHeight / 2})`}
      >
        {yLabel}
      </text>
    </svg>
  );
}
