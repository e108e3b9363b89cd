/** Okabe-Ito palette (colour-blind safe) through the app's CSS variables --c1..--c8. */
export const SERIES_COLORS = [
  "var(--c1)",
  "var(--c2)",
  "var(--c3)",
  "var(--c4)",
  "var(--c5)",
  "var(--c6)",
  "var(--c7)",
  "var(--c8)",
];
export const seriesColor = (i: number) => SERIES_COLORS[i % SERIES_COLORS.length];

/** Diverging colour for a correlation in [-1, 1]: orange (negative) through the surface colour to blue (positive). */
export function correlationColor(rho: number | null): string {
  if (rho === null || !Number.isFinite(rho)) return "var(--surface-2)";
  const share = Math.round(Math.min(1, Math.abs(rho)) * 85);
  return `color-mix(in srgb, ${rho >= 0 ? "var(--c1)" : "var(--c6)"} ${share}%, var(--surface))`;
}
