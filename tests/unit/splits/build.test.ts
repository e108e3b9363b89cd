import { execFileSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { buildSplit, type SplitSource } from "@/lib/splits/build";
import { splitHash } from "@/lib/splits/hash";
import { splitRecipeSchema, type SplitRecipeInput } from "@/lib/splits/schemas";

type Spec = {
  id: string;
  source?: string;
  subject?: string;
  gold?: number;
  goldText?: string;
  pooled?: number[];
  annotations?: number;
  measures?: Record<string, number>;
};

/** A hardness table from per-item specs; every item has 3 choices unless it is free response (goldText). */
function table(items: Spec[]): SplitSource {
  const names = new Set(items.flatMap((s) => Object.keys(s.measures ?? {})));
  return {
    itemIds: items.map((s) => `item-${s.id}`),
    externalIds: items.map((s) => s.id),
    sources: items.map((s) => s.source ?? null),
    subjects: items.map((s) => s.subject ?? null),
    choices: items.map((s) => (s.goldText ? [] : ["a", "b", "c"])),
    goldIndex: Int32Array.from(items, (s) => s.gold ?? -1),
    goldText: items.map((s) => s.goldText ?? (s.gold !== undefined ? ["a", "b", "c"][s.gold] : null)),
    annotations: Int32Array.from(items, (s) => s.annotations ?? 3),
    pooledLabel: items.map((s) => (s.pooled ? Float64Array.from(s.pooled) : null)),
    measures: Object.fromEntries([...names].map((n) => [n, Float64Array.from(items, (s) => s.measures?.[n] ?? NaN)])),
  };
}

const run = (t: SplitSource, recipe: SplitRecipeInput) => buildSplit(t, splitRecipeSchema.parse(recipe));
const members = (t: SplitSource, built: ReturnType<typeof buildSplit>, partition: string) =>
  built.rows
    .filter((r) => r.partition === partition)
    .map((r) => t.externalIds[r.index])
    .sort();

function numpyQuantiles(values: number[], qs: number[]): number[] {
  const script =
    "import json,sys,numpy as np; d=json.load(sys.stdin); print(json.dumps([float(np.quantile(np.array(d['x'],dtype=float),q)) for q in d['q']]))";
  return JSON.parse(
    execFileSync("python3", ["-c", script], { input: JSON.stringify({ x: values, q: qs }) }).toString(),
  );
}

/** Deterministic pseudo-data for the tests, independent of the code under test. */
function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe("easy-hard", () => {
  const steps = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 4, 7];
  const items: Spec[] = steps.map((s, i) => ({
    id: `q${String(i).padStart(2, "0")}`,
    gold: i % 3,
    measures: { "prior.steps": s },
  }));
  items.push({ id: "nomeasure", gold: 0 });

  test("fixed cut-offs: easy <= 4 trains on gold, hard >= 7 tests, medium excluded or validation", () => {
    const t = table(items);
    const built = run(t, {
      kind: "easy-hard",
      measure: "prior.steps",
      cutoffs: { mode: "fixed", easyMax: 4, hardMin: 7 },
    });
    const ids = (f: (s: number) => boolean) =>
      items
        .filter((s) => s.measures && f(s.measures["prior.steps"]))
        .map((s) => s.id)
        .sort();
    expect(members(t, built, "train")).toEqual(ids((s) => s <= 4));
    expect(members(t, built, "test")).toEqual(ids((s) => s >= 7));
    expect(built.counts).toEqual({ train: 5, validation: 0, test: 5, excluded: 3 });
    for (const row of built.rows) {
      const spec = items[row.index];
      expect(row.label).toBe(spec.gold);
      expect(row.softLabel).toEqual([0, 1, 2].map((k) => (k === spec.gold ? 1 : 0)));
    }
    const withMedium = run(t, {
      kind: "easy-hard",
      measure: "prior.steps",
      cutoffs: { mode: "fixed", easyMax: 4, hardMin: 7 },
      medium: "validation",
    });
    expect(members(t, withMedium, "validation")).toEqual(ids((s) => s > 4 && s < 7));
  });

  test("quantile cut-offs are numpy's linear quantiles of the measured items", () => {
    const r = lcg(11);
    const specs: Spec[] = Array.from({ length: 101 }, (_, i) => ({
      id: `x${i}`,
      gold: 1,
      measures: { "model.mdl": Math.round(r() * 1000) / 10 },
    }));
    const t = table(specs);
    const values = specs.map((s) => s.measures!["model.mdl"]);
    const [low, high] = numpyQuantiles(values, [0.3, 0.7]);
    const built = run(t, { kind: "easy-hard", measure: "model.mdl", cutoffs: { mode: "quantile" } });
    expect(built.cutoffs![""]).toEqual({ easyMax: low, hardMin: high });
    expect(members(t, built, "train")).toEqual(
      specs
        .filter((s) => s.measures!["model.mdl"] <= low)
        .map((s) => s.id)
        .sort(),
    );
    expect(members(t, built, "test")).toEqual(
      specs
        .filter((s) => s.measures!["model.mdl"] >= high)
        .map((s) => s.id)
        .sort(),
    );
  });

  test("an unknown measure is a recipe error", () => {
    expect(() => run(table(items), { kind: "easy-hard", measure: "nope", cutoffs: { mode: "quantile" } })).toThrow(
      /Unknown measure "nope"/,
    );
  });

  test("minimum annotations and pooled labels", () => {
    const t = table([
      { id: "a", gold: 0, pooled: [0.2, 0.7, 0.1], annotations: 3, measures: { m: 1 } },
      { id: "b", gold: 0, pooled: [0.6, 0.3, 0.1], annotations: 1, measures: { m: 1 } },
      { id: "c", gold: 2, annotations: 3, measures: { m: 1 } },
      { id: "d", gold: 2, annotations: 3, measures: { m: 9 } },
    ]);
    const built = run(t, {
      kind: "easy-hard",
      measure: "m",
      cutoffs: { mode: "fixed", easyMax: 2, hardMin: 5 },
      labelSource: "pooledSoft",
      minAnnotations: 2,
    });
    expect(built.rows.map((r) => [t.externalIds[r.index], r.partition, r.label, r.softLabel])).toEqual([
      ["a", "train", 1, [0.2, 0.7, 0.1]],
      ["d", "test", 2, [0, 0, 1]],
    ]);
  });
});

describe("weak-label and confidence", () => {
  const r = lcg(3);
  const specs: Spec[] = Array.from({ length: 60 }, (_, i) => {
    const top = 0.34 + r() * 0.66;
    const k = i % 3;
    const pooled = [0, 1, 2].map((j) => (j === k ? top : (1 - top) / 2));
    return {
      id: `w${String(i).padStart(2, "0")}`,
      gold: i % 4 === 0 ? undefined : (i * 7) % 3,
      pooled: i % 10 === 9 ? undefined : pooled,
    };
  });

  test("weak-label: test is drawn from items with gold and carries gold; the rest train on the pooled label", () => {
    const t = table(specs);
    const built = run(t, { kind: "weak-label", testFraction: 0.25, labelSource: "pooled", seed: 5 });
    const known = specs.filter((s) => s.gold !== undefined);
    const test = built.rows.filter((x) => x.partition === "test");
    expect(test).toHaveLength(Math.round(0.25 * known.length));
    for (const row of test) expect(row.label).toBe(specs[row.index].gold);
    const train = built.rows.filter((x) => x.partition === "train");
    const testIds = new Set(test.map((x) => x.index));
    expect(train.map((x) => x.index).sort((a, b) => a - b)).toEqual(
      specs.map((s, i) => (s.pooled && !testIds.has(i) ? i : -1)).filter((i) => i >= 0),
    );
    for (const row of train) {
      const p = specs[row.index].pooled!;
      expect(row.label).toBe(p.indexOf(Math.max(...p)));
      expect(row.softLabel).toEqual([0, 1, 2].map((k) => (k === row.label ? 1 : 0)));
    }
    const soft = run(t, { kind: "weak-label", testFraction: 0.25, labelSource: "pooledSoft", seed: 5 });
    expect(soft.rows.filter((x) => x.partition === "train").map((x) => x.softLabel)).toEqual(
      train.map((x) => specs[x.index].pooled),
    );
  });

  test("confidence: tau keeps items whose top probability reaches it; tau 0 is the weak-label split", () => {
    const t = table(specs);
    const base = { testFraction: 0.25, labelSource: "pooledSoft", seed: 9 } as const;
    const weak = run(t, { kind: "weak-label", ...base });
    expect(run(t, { kind: "confidence", tau: 0, ...base }).rows).toEqual(weak.rows);
    const strict = run(t, { kind: "confidence", tau: 0.8, ...base });
    const testIds = new Set(members(t, weak, "test"));
    expect(members(t, strict, "test")).toEqual([...testIds].sort());
    expect(members(t, strict, "train")).toEqual(
      specs
        .filter((s) => s.pooled && Math.max(...s.pooled) >= 0.8 && !testIds.has(s.id))
        .map((s) => s.id)
        .sort(),
    );
    const byEntropy = run(t, { kind: "confidence", tau: 0.5, confidence: "normalizedEntropy", ...base });
    const entropyOk = (p: number[]) =>
      1 - -p.reduce((h, x) => h + (x > 0 ? x * Math.log(x) : 0), 0) / Math.log(3) >= 0.5;
    expect(members(t, byEntropy, "train")).toEqual(
      specs
        .filter((s) => s.pooled && entropyOk(s.pooled) && !testIds.has(s.id))
        .map((s) => s.id)
        .sort(),
    );
  });

  test("validation is carved out of train and leaves the test draw alone", () => {
    const t = table(specs);
    const a = run(t, { kind: "weak-label", testFraction: 0.2, seed: 1 });
    const b = run(t, { kind: "weak-label", testFraction: 0.2, validationFraction: 0.3, seed: 1 });
    expect(members(t, b, "test")).toEqual(members(t, a, "test"));
    expect(b.counts.validation).toBe(Math.round(0.3 * a.counts.train));
    expect(b.counts.train + b.counts.validation).toBe(a.counts.train);
  });
});

describe("stratification and determinism", () => {
  const sizes = { arc: 100, mmlu: 50, gsm8k: 30 };
  const specs: Spec[] = Object.entries(sizes).flatMap(([source, n]) =>
    Array.from({ length: n }, (_, i) => ({ id: `${source}-${i}`, source, gold: i % 3, pooled: [0.5, 0.3, 0.2] })),
  );

  test("stratified draws keep each source's share", () => {
    const t = table(specs);
    const built = run(t, {
      kind: "weak-label",
      testFraction: 0.2,
      validationFraction: 0.1,
      stratify: ["source"],
      seed: 4,
    });
    const per = (partition: string, source: string) =>
      built.rows.filter((x) => x.partition === partition && specs[x.index].source === source).length;
    expect([per("test", "arc"), per("test", "mmlu"), per("test", "gsm8k")]).toEqual([20, 10, 6]);
    expect([per("validation", "arc"), per("validation", "mmlu"), per("validation", "gsm8k")]).toEqual([8, 4, 2]);
  });

  test("the same recipe and seed give the same rows whatever the table order; the hash follows the labels", () => {
    const recipe = { kind: "weak-label", testFraction: 0.3, seed: 17 } as const;
    const t = table(specs);
    const reversed = table(specs.slice().reverse());
    const canonical = (src: SplitSource, rows: ReturnType<typeof buildSplit>["rows"]) =>
      rows.map((x) => ({
        id: src.externalIds[x.index],
        partition: x.partition,
        label: x.label,
        labelText: x.labelText,
        softLabel: x.softLabel,
      }));
    const a = canonical(t, run(t, recipe).rows);
    const b = canonical(reversed, run(reversed, recipe).rows);
    expect(b).toEqual(a);
    expect(splitHash(b)).toBe(splitHash(a));
    expect(splitHash(a)).toMatch(/^[0-9a-f]{64}$/);
    const otherSeed = canonical(t, run(t, { ...recipe, seed: 18 }).rows);
    expect(splitHash(otherSeed)).not.toBe(splitHash(a));
    const trained = a.find((row) => row.partition === "train")!.id;
    const relabelled = specs.map((s) => (s.id === trained ? { ...s, pooled: [0.1, 0.1, 0.8] } : s));
    const changed = table(relabelled);
    const c = canonical(changed, run(changed, recipe).rows);
    expect(c.filter((row, i) => JSON.stringify(row) !== JSON.stringify(a[i])).map((row) => row.id)).toEqual([trained]);
    expect(splitHash(c)).not.toBe(splitHash(a));
  });
});
