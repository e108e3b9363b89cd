/**
 * Speed of lib/metrics against a vectorized numpy/scipy implementation of the same computation (bench/_numpy_metrics.py,
 * run as a python3 subprocess on the same data written as float64 files). `npm run bench -- metrics [repeats]`.
 * Each row times JS, then numpy, so both see the same machine load; each side times the computation alone.
 *
 * Keep every TypeScript file this imports below about 12 KB: tsx scans larger sources containing "import" with a
 * WebAssembly lexer whose memory growth detaches an ArrayBuffer, after which V8 adds a detach check to every typed
 * array access for the rest of the process (about 35% on the tight loops measured here).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bootstrapCorrelationMatrix, correlationMatrix, kendallTauB, mulberry32 } from "@/lib/metrics";

const ITEMS = 100_000;
const BOOTSTRAP_ITEMS = 10_000;
const RESAMPLES = 1000;
const PAIRS = 1_000_000;
const repeats = Number(process.argv[2] ?? 7);

const random = mulberry32(20240601);
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

/** Seven hardness measures driven by one latent difficulty: four ordinal scales (ties), a count, two continuous. */
function hardnessMeasures(n: number): Float64Array[] {
  const columns = Array.from({ length: 7 }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const z = gauss();
    columns[0][i] = clamp(5.5 + 1.2 * z + 1.2 * gauss(), 3, 8); // grade
    columns[1][i] = clamp(2 + 0.4 * z + 0.7 * gauss(), 1, 3); // expert difficulty
    columns[2][i] = clamp(2.6 + 0.6 * z + 1.0 * gauss(), 1, 5); // Bloom
    columns[3][i] = clamp(2 + 0.5 * z + 0.6 * gauss(), 1, 3); // depth of knowledge
    columns[4][i] = clamp(30 + 6 * z + 12 * gauss(), 3, 200); // question words
    columns[5][i] = 1 / (1 + Math.exp(-(0.8 * z + gauss()))); // model-based difficulty
    columns[6][i] = Math.round(1000 * Math.abs(0.5 * z + gauss())) / 1000; // label entropy (bits, 3 decimals)
  }
  return columns;
}

const matrix = hardnessMeasures(ITEMS);
const boot = hardnessMeasures(BOOTSTRAP_ITEMS);
const pairX = new Float64Array(PAIRS);
const pairY = new Float64Array(PAIRS);
for (let i = 0; i < PAIRS; i++) {
  pairX[i] = Math.round(100 * gauss()) / 100;
  pairY[i] = Math.round(1000 * (0.6 * pairX[i] + 0.8 * gauss())) / 1000;
}

const few = Math.max(1, Math.floor(repeats / 3));
const rows = [
  {
    key: "spearman",
    label: `Spearman matrix, ${ITEMS} items x 7`,
    times: repeats,
    run: () => correlationMatrix(matrix, "spearman").rho,
  },
  {
    key: "pearson",
    label: `Pearson matrix, ${ITEMS} items x 7`,
    times: repeats,
    run: () => correlationMatrix(matrix, "pearson").rho,
  },
  {
    key: "kendall",
    label: `Kendall tau-b matrix, ${ITEMS} items x 7`,
    times: few,
    run: () => correlationMatrix(matrix, "kendall").rho,
  },
  {
    key: "bootstrap",
    label: `Spearman 95% CIs, 21 pairs, ${BOOTSTRAP_ITEMS} items, B=${RESAMPLES}`,
    times: few,
    run: () => bootstrapCorrelationMatrix(boot, "spearman", { resamples: RESAMPLES, seed: 1 }).lo,
  },
  {
    key: "pair",
    label: `Kendall tau-b, ${PAIRS} pairs`,
    times: repeats,
    run: () => Float64Array.of(kendallTauB(pairX, pairY).rho),
  },
];

/** Median milliseconds of run() over `times` runs after one warm-up, as numpy's side is timed. */
function medianMs(run: () => Float64Array, times: number): { ms: number; result: Float64Array } {
  let result = run();
  const ms: number[] = [];
  for (let r = 0; r < times; r++) {
    const start = performance.now();
    result = run();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { ms: ms[Math.floor(times / 2)], result };
}

function hasNumpy(): boolean {
  try {
    execFileSync("python3", ["-c", "import numpy, scipy"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const folder = mkdtempSync(path.join(tmpdir(), "hardlab-bench-"));
const numpy = hasNumpy();
if (numpy) {
  const write = (name: string, columns: Float64Array[]) => {
    const all = new Float64Array(columns.length * columns[0].length);
    columns.forEach((c, j) => all.set(c, j * c.length));
    writeFileSync(path.join(folder, `${name}.bin`), all);
  };
  write("matrix", matrix);
  write("boot", boot);
  write("pair", [pairX, pairY]);
  const shapes = { matrix: [7, ITEMS], boot: [7, BOOTSTRAP_ITEMS], pair: [2, PAIRS], resamples: RESAMPLES };
  writeFileSync(path.join(folder, "shapes.json"), JSON.stringify(shapes));
}
const script = fileURLToPath(new URL("_numpy_metrics.py", import.meta.url));

const table: string[][] = [];
const differences: string[] = [];
try {
  for (const { key, label, times, run } of rows) {
    const js = medianMs(run, times);
    if (!numpy) {
      table.push([label, js.ms.toFixed(1), "-", "-"]);
      continue;
    }
    const reference: { ms: number; result: number[] } = JSON.parse(
      execFileSync("python3", [script, folder, String(times), key], { encoding: "utf8" }),
    );
    table.push([label, js.ms.toFixed(1), reference.ms.toFixed(1), (js.ms / reference.ms).toFixed(2)]);
    // Bootstrap resamples differ between the two PRNGs, so only the other results are comparable.
    if (key !== "bootstrap")
      differences.push(
        `${key} ${Math.max(...reference.result.map((v, i) => Math.abs(v - js.result[i]))).toExponential(1)}`,
      );
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

console.log(
  `lib/metrics vs numpy/scipy, median ms (${repeats} runs; ${few} for the Kendall matrix and the bootstrap)\n`,
);
const header = ["computation", "JS ms", "numpy ms", "JS/numpy"];
const widths = header.map((h, c) => Math.max(h.length, ...table.map((r) => r[c].length)));
for (const line of [header, widths.map((w) => "-".repeat(w)), ...table]) {
  console.log(line.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
}
console.log(
  numpy
    ? `\nlargest |JS - scipy| in the results: ${differences.join(", ")}`
    : "\npython3 with numpy and scipy not found: numpy column skipped",
);
