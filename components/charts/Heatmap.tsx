"use client";

import { useState } from "react";
import { correlationColor } from "./colors";
import { decimal } from "@/lib/format";

export type HeatCell = { rho: number | null; lo: number | null; hi: number | null; n: number };

/**
 * Correlation heatmap (custom SVG: recharts has none). Each cell shows rho; hover or focus shows the 95% CI and n;
 * click or Enter selects the pair.
 */
export function Heatmap({
  labels,
  matrix,
  onSelect,
  selected,
}: {
  labels: string[];
  matrix: HeatCell[][];
  onSelect?: (i: number, j: number) => void;
  selected?: [number, number] | null;
}) {
  const [hover, setHover] = useState<[number, number] | null>(null);
  const k = labels.length;
  const cell = Math.max(44, Math.min(78, 560 / Math.max(k, 1)));
  const left = 170;
  const top = 12;
  const size = left + k * cell + 8;
  const bottom = 150;
  const active = hover ?? selected ?? null;
  const info = active ? matrix[active[0]][active[1]] : null;
  return (
    <div>
      <svg
        viewBox={`0 0 ${size} ${top + k * cell + bottom}`}
        width="100%"
        style={{ maxWidth: size * 1.3 }}
        role="grid"
        aria-label="Correlation matrix"
      >
        {labels.map((label, i) => (
          <text
            key={`r${i}`}
            x={left - 8}
            y={top + i * cell + cell / 2 + 4}
            textAnchor="end"
            fontSize={12}
            fill="var(--text)"
          >
            {label}
          </text>
        ))}
        {labels.map((label, j) => (
          <text
            key={`c${j}`}
            x={0}
            y={0}
            fontSize={12}
            fill="var(--text)"
            textAnchor="end"
            transform={`translate(${left + j * cell + cell / 2 + 4} ${top + k * cell + 8}) rotate(-55)`}
          >
            {label}
          </text>
        ))}
        {matrix.map((row, i) =>
          row.map((c, j) => {
            const isActive = active && active[0] === i && active[1] === j;
            const dark = c.rho !== null && Math.abs(c.rho) > 0.55;
            return (
              <g
                key={`${i}-${j}`}
                role="gridcell"
                tabIndex={i === j ? -1 : 0}
                aria-label={`${labels[i]} and ${labels[j]}: rho ${decimal(c.rho)}, 95% CI ${decimal(c.lo)} to ${decimal(c.hi)}, n ${c.n}`}
                onMouseEnter={() => setHover([i, j])}
                onMouseLeave={() => setHover(null)}
                onFocus={() => setHover([i, j])}
                onBlur={() => setHover(null)}
                onClick={() => i !== j && onSelect?.(i, j)}
                onKeyDown={(e) => {
                  if ((e.key === "Enter" || e.key === " ") && i !== j) {
                    e.preventDefault();
                    onSelect?.(i, j);
                  }
                }}
                className={i === j ? "diagonal" : "pickable"}
              >
                <title>{`${labels[i]} × ${labels[j]}\nrho = ${decimal(c.rho, 3)}\n95% CI [${decimal(c.lo, 3)}, ${decimal(c.hi, 3)}]\nn = ${c.n}`}</title>
                <rect
                  x={left + j * cell}
                  y={top + i * cell}
                  width={cell - 2}
                  height={cell - 2}
                  rx={4}
                  fill={correlationColor(c.rho)}
                  stroke={isActive ? "var(--text)" : "none"}
                  strokeWidth={2}
                />
                <text
                  x={left + j * cell + cell / 2 - 1}
                  y={top + i * cell + cell / 2 + 4}
                  textAnchor="middle"
                  fontSize={12}
                  fill={dark ? "#ffffff" : "var(--text)"}
                >
                  {decimal(c.rho)}
                </text>
              </g>
            );
          }),
        )}
      </svg>
      <div className="row small min-line" aria-live="polite">
        {info && active ? (
          <span>
            <strong>
              {labels[active[0]]} × {labels[active[1]]}
            </strong>
            : rho {decimal(info.rho, 3)}, 95% CI [{decimal(info.lo, 3)}, {decimal(info.hi, 3)}], n = {info.n}
          </span>
        ) : (
          <span className="muted">Hover a cell for its interval and n; click it for the scatter plot.</span>
        )}
        <span className="heat-legend" aria-hidden="true">
          <span>−1</span>
          <span className="heat-scale" />
          <span>+1</span>
        </span>
      </div>
    </div>
  );
}
