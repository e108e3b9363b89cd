"use client";

import { useRef, useState, type ReactNode } from "react";

type Row = Record<string, unknown>;

function csvText(rows: Row[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return "";
    const s = typeof v === "object" ? JSON.stringify(v) : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(","), ...rows.map((r) => columns.map((c) => cell(r[c])).join(","))].join("\n") + "\n";
}

function download(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The chart's SVG as a standalone document: CSS variables (the palette, text colours) are resolved to their current
 * values, since a downloaded file has no stylesheet.
 */
function standaloneSvg(svg: SVGSVGElement): { text: string; width: number; height: number } {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const { width, height } = svg.getBoundingClientRect();
  const style = getComputedStyle(document.documentElement);
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("width", String(Math.round(width)));
  clone.setAttribute("height", String(Math.round(height)));
  const background = style.getPropertyValue("--surface").trim() || "#ffffff";
  const text = style.getPropertyValue("--text").trim() || "#000000";
  const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  rect.setAttribute("width", "100%");
  rect.setAttribute("height", "100%");
  rect.setAttribute("fill", background);
  clone.insertBefore(rect, clone.firstChild);
  clone.setAttribute("font-family", getComputedStyle(svg).fontFamily || "sans-serif");
  clone.setAttribute("color", text);
  let markup = new XMLSerializer().serializeToString(clone);
  markup = markup.replace(/var\((--[\w-]+)\)/g, (_, name: string) => style.getPropertyValue(name).trim() || "#888888");
  markup = markup.replace(/currentColor/g, text);
  return { text: markup, width, height };
}

/**
 * A titled chart card with downloads: SVG (the rendered chart), PNG (the SVG drawn on a 2x canvas) and CSV (the
 * chart's data). Shows a skeleton while loading and a message when there is nothing to plot.
 */
export function ChartFrame({
  title,
  description,
  fileName,
  data,
  loading = false,
  empty,
  children,
  actions,
}: {
  title: string;
  description?: ReactNode;
  fileName: string;
  data: Row[];
  loading?: boolean;
  /** When set, shown instead of the chart. */
  empty?: string | null;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const body = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const svgElement = () => {
    const svgs = [...(body.current?.querySelectorAll("svg") ?? [])] as SVGSVGElement[];
    // The chart surface is the largest SVG (legend icons are small SVGs too).
    return svgs.sort(
      (a, b) =>
        b.getBoundingClientRect().width * b.getBoundingClientRect().height -
        a.getBoundingClientRect().width * a.getBoundingClientRect().height,
    )[0];
  };
  const saveSvg = () => {
    const svg = svgElement();
    if (!svg) return setError("Nothing to download yet");
    download(new Blob([standaloneSvg(svg).text], { type: "image/svg+xml" }), `${fileName}.svg`);
  };
  const savePng = () => {
    const svg = svgElement();
    if (!svg) return setError("Nothing to download yet");
    const { text, width, height } = standaloneSvg(svg);
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(width * 2);
      canvas.height = Math.round(height * 2);
      const context = canvas.getContext("2d");
      if (!context) return setError("This browser cannot draw the PNG");
      context.scale(2, 2);
      context.drawImage(image, 0, 0, width, height);
      canvas.toBlob((blob) => (blob ? download(blob, `${fileName}.png`) : setError("PNG export failed")), "image/png");
    };
    image.onerror = () => setError("PNG export failed");
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  };
  const saveCsv = () => download(new Blob([csvText(data)], { type: "text/csv" }), `${fileName}.csv`);
  const ready = !loading && !empty;
  return (
    <section className="card chart-frame" aria-label={title}>
      <header className="chart-frame-head">
        <div>
          <h3 className="flush">{title}</h3>
          {description ? <p className="small muted mt-xs">{description}</p> : null}
        </div>
        <div className="row chart-frame-actions">
          {actions}
          <button
            type="button"
            className="btn small"
            onClick={saveSvg}
            disabled={!ready}
            aria-label={`Download ${title} as SVG`}
          >
            SVG
          </button>
          <button
            type="button"
            className="btn small"
            onClick={savePng}
            disabled={!ready}
            aria-label={`Download ${title} as PNG`}
          >
            PNG
          </button>
          <button
            type="button"
            className="btn small"
            onClick={saveCsv}
            disabled={data.length === 0}
            aria-label={`Download the data of ${title} as CSV`}
          >
            CSV
          </button>
        </div>
      </header>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div ref={body} className="chart-frame-body">
        {loading ? (
          <div className="skeleton h-260" aria-busy="true" aria-label="Loading chart" />
        ) : empty ? (
          <p className="empty">{empty}</p>
        ) : (
          children
        )}
      </div>
    </section>
  );
}
