import type { Db } from "@/lib/db";

/**
 * A project's items and current annotations as typed arrays, loaded with a handful of SQL statements run in parallel.
 * Bulk columns travel as a few long text values (ids joined by commas, small integers as one character each, soft
 * labels as array literals), which PostgreSQL and the driver move several times faster than 500,000 row objects.
 * The statements see slightly different moments only if labels change meanwhile; the cache key (fingerprint) was read
 * before loading, so such a change makes the next request recompute.
 */
export type ProjectData = {
  items: {
    n: number;
    ids: string[];
    externalIds: string[];
    sources: (string | null)[];
    subjects: (string | null)[];
    choices: string[][];
    goldIndex: Int32Array;
    goldText: (string | null)[];
    questionWords: Float64Array;
    answerChars: Float64Array;
    /** Numeric (or boolean as 0/1) import metadata by key, NaN where absent. */
    priors: Record<string, Float64Array>;
    /** Imported model scores by model name, NaN where absent. */
    models: Record<string, Float64Array>;
  };
  annotators: string[];
  annotations: AnnotationArrays;
};

/** Current annotations (supersededAt null), sorted by item; NaN or -1 for absent values. */
export type AnnotationArrays = {
  m: number;
  item: Int32Array;
  annotator: Int32Array;
  gradeLevel: Float64Array;
  bloom: Float64Array;
  steps: Float64Array;
  difficulty: Float64Array;
  confidence: Float64Array;
  /** Free-response answer matches the reference answer: 1, 0, or -1 when either is unknown or the item has choices. */
  answerCorrect: Int8Array;
  /** softLabel of annotation a is softValues[softStart[a] .. softStart[a + 1]) (empty when none). */
  softStart: Int32Array;
  softValues: Float64Array;
  countStart: Int32Array;
  countValues: Float64Array;
  /** itemStart[i] .. itemStart[i + 1] are item i's annotations. */
  itemStart: Int32Array;
  /** Free-response answers, normalized, by annotation; null for items with choices. */
  answers: (string | null)[];
};

const ITEM_ORDER = `"externalId" COLLATE "C", id COLLATE "C"`;
const NORMALIZE = (x: string) => `lower(regexp_replace(btrim(${x}), '\\s+', ' ', 'g'))`;

const ITEMS = `SELECT json_agg(json_build_array(id, "externalId", source, subject, choices, "answerIndex", "answerText",
  "questionWords", "answerChars") ORDER BY ${ITEM_ORDER})::text AS items FROM "Item" WHERE "projectId" = $1`;

// Results arrive in chunks of a few MB: the driver copies a message's buffer as it grows, so one huge value is slow.
const ANNOTATION_CHUNKS = 64;
// A rating r is the character with code r + 2 (1 = absent); ratings are small non-negative integers.
const RATING = (column: string) => `chr(CASE WHEN a.${column} IS NULL THEN 1 ELSE least(a.${column}, 50000) + 2 END)`;
const ANNOTATIONS = `SELECT count(*)::int AS m, string_agg("itemId", ',') AS items, string_agg("annotatorId", ',') AS annotators,
  string_agg(${RATING('"gradeLevel"')} || ${RATING("bloom")} || ${RATING("steps")} || ${RATING("difficulty")}, '') AS ratings,
  string_agg(coalesce(a."softLabel", '{}')::text, '') AS soft,
  string_agg(coalesce(a."labelCounts", '{}')::text, '') AS counts
FROM "Annotation" a WHERE a."projectId" = $1 AND a."supersededAt" IS NULL
GROUP BY hashtext(a."itemId") & ${ANNOTATION_CHUNKS - 1}`;

// Confidence and free answers matter for free-response items only; they are few, so plain rows.
const FREE = `SELECT a."itemId", a."annotatorId", a.confidence, CASE WHEN a.answer IS NULL THEN NULL ELSE ${NORMALIZE("a.answer")} END AS answer,
  CASE WHEN a.answer IS NOT NULL AND i."answerText" IS NOT NULL THEN ${NORMALIZE("a.answer")} = ${NORMALIZE('i."answerText"')} END AS correct
FROM "Annotation" a JOIN "Item" i ON i.id = a."itemId"
WHERE a."projectId" = $1 AND a."supersededAt" IS NULL AND cardinality(i.choices) = 0 AND (a.answer IS NOT NULL OR a.confidence IS NOT NULL)`;

const PRIORS = `SELECT e.key, string_agg(i.id, ',') AS ids,
  array_agg(CASE jsonb_typeof(e.value) WHEN 'number' THEN (e.value #>> '{}')::float8
                                       ELSE (e.value #>> '{}')::boolean::int::float8 END) AS value
FROM "Item" i, jsonb_each(i.metadata) e
WHERE i."projectId" = $1 AND i.metadata <> '{}'::jsonb AND jsonb_typeof(e.value) IN ('number', 'boolean')
GROUP BY e.key ORDER BY e.key`;

const MODELS = `SELECT s.model AS key, string_agg(s."itemId", ',') AS ids, array_agg(s.score) AS value
FROM "ModelScore" s WHERE s."itemId" IN (SELECT id FROM "Item" WHERE "projectId" = $1) GROUP BY s.model ORDER BY s.model`;

type ItemTuple = [string, string, string | null, string | null, string[], number | null, string | null, number, number | null];
type ColumnRow = { key: string; ids: string; value: (number | null)[] };
type FreeRow = { itemId: string; annotatorId: string; confidence: number | null; answer: string | null; correct: boolean | null };
type AnnotationText = { m: number; items: string | null; annotators: string | null; ratings: string | null; soft: string | null; counts: string | null };

export async function loadProjectData(prisma: Db, projectId: string): Promise<ProjectData> {
  const [[{ items: itemsJson }], chunks, freeRows, priorRows, modelRows] = await Promise.all([
    prisma.$queryRawUnsafe<{ items: string | null }[]>(ITEMS, projectId),
    prisma.$queryRawUnsafe<AnnotationText[]>(ANNOTATIONS, projectId),
    prisma.$queryRawUnsafe<FreeRow[]>(FREE, projectId),
    prisma.$queryRawUnsafe<ColumnRow[]>(PRIORS, projectId),
    prisma.$queryRawUnsafe<ColumnRow[]>(MODELS, projectId),
  ]);
  const tuples = JSON.parse(itemsJson ?? "[]") as ItemTuple[];
  const n = tuples.length;
  const ids = tuples.map((t) => t[0]);
  const position = new Map<string, number>();
  ids.forEach((id, i) => position.set(id, i));
  const columns = (rows: ColumnRow[]) => {
    const out: Record<string, Float64Array> = {};
    for (const r of rows) {
      const values = new Float64Array(n).fill(NaN);
      r.ids.split(",").forEach((id, j) => {
        const i = position.get(id);
        if (i !== undefined) values[i] = r.value[j] ?? NaN;
      });
      out[r.key] = values;
    }
    return out;
  };
  const { annotators, arrays } = decodeAnnotations(chunks, position);
  return {
    items: {
      n,
      ids,
      externalIds: tuples.map((t) => t[1]),
      sources: tuples.map((t) => t[2]),
      subjects: tuples.map((t) => t[3]),
      choices: tuples.map((t) => t[4]),
      goldIndex: Int32Array.from(tuples, (t) => t[5] ?? -1),
      goldText: tuples.map((t) => t[6]),
      questionWords: Float64Array.from(tuples, (t) => t[7]),
      answerChars: Float64Array.from(tuples, (t) => t[8] ?? NaN),
      priors: columns(priorRows),
      models: columns(modelRows),
    },
    annotators,
    annotations: sortByItem(arrays, n, freeRows, position, annotators),
  };
}

type Unsorted = Omit<AnnotationArrays, "itemStart" | "answers">;

/** Splits the aggregated text columns into typed arrays; annotations of items not loaded (added meanwhile) are dropped. */
function decodeAnnotations(chunks: AnnotationText[], position: Map<string, number>): { annotators: string[]; arrays: Unsorted } {
  const upper = chunks.reduce((sum, c) => sum + c.m, 0);
  const annotatorIndex = new Map<string, number>();
  const item = new Int32Array(upper);
  const annotator = new Int32Array(upper);
  const [gradeLevel, bloom, steps, difficulty] = [0, 1, 2, 3].map(() => new Float64Array(upper));
  const rating = (code: number) => (code === 1 ? NaN : code - 2);
  const softStart = new Int32Array(upper + 1);
  const countStart = new Int32Array(upper + 1);
  const softParts: Float64Array[] = [];
  const countParts: Float64Array[] = [];
  let m = 0;
  for (const chunk of chunks) {
    const itemIds = chunk.items!.split(",");
    const annotatorIds = chunk.annotators!.split(",");
    const ratings = chunk.ratings!;
    const soft = parseArrayTexts(chunk.soft!, chunk.m);
    const counts = parseArrayTexts(chunk.counts!, chunk.m);
    const kept: number[] = [];
    for (let a = 0; a < chunk.m; a++) {
      const i = position.get(itemIds[a]);
      if (i === undefined) continue;
      kept.push(a);
      let k = annotatorIndex.get(annotatorIds[a]);
      if (k === undefined) annotatorIndex.set(annotatorIds[a], (k = annotatorIndex.size));
      item[m] = i;
      annotator[m] = k;
      gradeLevel[m] = rating(ratings.charCodeAt(4 * a));
      bloom[m] = rating(ratings.charCodeAt(4 * a + 1));
      steps[m] = rating(ratings.charCodeAt(4 * a + 2));
      difficulty[m] = rating(ratings.charCodeAt(4 * a + 3));
      softStart[m + 1] = softStart[m] + soft.start[a + 1] - soft.start[a];
      countStart[m + 1] = countStart[m] + counts.start[a + 1] - counts.start[a];
      m++;
    }
    if (kept.length === chunk.m) {
      softParts.push(soft.values);
      countParts.push(counts.values);
    } else {
      for (const a of kept) {
        softParts.push(soft.values.subarray(soft.start[a], soft.start[a + 1]));
        countParts.push(counts.values.subarray(counts.start[a], counts.start[a + 1]));
      }
    }
  }
  const flatten = (parts: Float64Array[], length: number) => {
    const out = new Float64Array(length);
    let o = 0;
    for (const part of parts) {
      out.set(part, o);
      o += part.length;
    }
    return out;
  };
  return {
    annotators: [...annotatorIndex.keys()],
    arrays: {
      m,
      item: item.slice(0, m),
      annotator: annotator.slice(0, m),
      gradeLevel: gradeLevel.slice(0, m),
      bloom: bloom.slice(0, m),
      steps: steps.slice(0, m),
      difficulty: difficulty.slice(0, m),
      confidence: new Float64Array(m).fill(NaN),
      answerCorrect: new Int8Array(m).fill(-1),
      softStart: softStart.slice(0, m + 1),
      softValues: flatten(softParts, softStart[m]),
      countStart: countStart.slice(0, m + 1),
      countValues: flatten(countParts, countStart[m]),
    },
  };
}

/**
 * Parses m concatenated PostgreSQL one-dimensional number array literals ("{0.5,0.5}{}{1,0}") into CSR arrays. Plain
 * decimals are read digit by digit (this runs over millions of values); anything else (exponents, NaN) goes to Number.
 */
export function parseArrayTexts(text: string, m: number): { start: Int32Array; values: Float64Array } {
  // Array literals are ASCII: a byte loop is several times faster than charCodeAt on a long string.
  const bytes = Buffer.from(text, "latin1");
  const len = bytes.length;
  const start = new Int32Array(m + 1);
  let total = 0;
  for (let c = 0; c < len; c++) {
    const ch = bytes[c];
    if (ch === 44 /* , */ || (ch === 125 /* } */ && bytes[c - 1] !== 123 /* { */)) total++;
  }
  const values = new Float64Array(total);
  let a = -1;
  let v = 0;
  let c = 0;
  while (c < len) {
    const ch = bytes[c];
    if (ch === 123) {
      a++;
      start[a] = v;
      c++;
      continue;
    }
    if (ch === 125 || ch === 44) {
      c++;
      continue;
    }
    const from = c;
    let negative = false;
    if (ch === 45 /* - */) {
      negative = true;
      c++;
    }
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    let d = bytes[c];
    while (d >= 48 && d <= 57) {
      mantissa = mantissa * 10 + (d - 48);
      digits++;
      d = bytes[++c];
    }
    if (d === 46 /* . */) {
      d = bytes[++c];
      while (d >= 48 && d <= 57) {
        mantissa = mantissa * 10 + (d - 48);
        digits++;
        scale++;
        d = bytes[++c];
      }
    }
    if (d === 44 || d === 125) {
      values[v++] = digits > 15 ? Number(text.slice(from, c)) : negative ? -mantissa / POWERS_OF_TEN[scale] : mantissa / POWERS_OF_TEN[scale];
    } else {
      while (c < len && bytes[c] !== 44 && bytes[c] !== 125) c++;
      values[v++] = Number(text.slice(from, c));
    }
  }
  if (a !== m - 1) throw new Error(`expected ${m} arrays, read ${a + 1}`);
  start[m] = v;
  return { start, values };
}

// Exact doubles up to 1e22, so mantissa / 10^scale is correctly rounded for mantissas below 2^53.
const POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Counting sort of the annotations by item (a no-op order when they arrived grouped), and the item offsets. */
function sortByItem(u: Unsorted, n: number, free: FreeRow[], position: Map<string, number>, annotators: string[]): AnnotationArrays {
  const { m } = u;
  const itemStart = new Int32Array(n + 1);
  for (let a = 0; a < m; a++) itemStart[u.item[a] + 1]++;
  for (let i = 0; i < n; i++) itemStart[i + 1] += itemStart[i];
  const next = itemStart.slice(0, n);
  const order = new Int32Array(m);
  for (let a = 0; a < m; a++) order[next[u.item[a]]++] = a;
  // One loop per element type keeps each monomorphic (a generic one over typed-array kinds is several times slower).
  const pickInt = (x: Int32Array) => {
    const out = new Int32Array(m);
    for (let r = 0; r < m; r++) out[r] = x[order[r]];
    return out;
  };
  const pickFloat = (x: Float64Array) => {
    const out = new Float64Array(m);
    for (let r = 0; r < m; r++) out[r] = x[order[r]];
    return out;
  };
  const ragged = (start: Int32Array, values: Float64Array) => {
    const s = new Int32Array(m + 1);
    const out = new Float64Array(values.length);
    for (let r = 0; r < m; r++) {
      const a = order[r];
      const len = start[a + 1] - start[a];
      out.set(values.subarray(start[a], start[a] + len), s[r]);
      s[r + 1] = s[r] + len;
    }
    return { s, out };
  };
  const softs = ragged(u.softStart, u.softValues);
  const countsSorted = ragged(u.countStart, u.countValues);
  const sorted: AnnotationArrays = {
    m,
    item: pickInt(u.item),
    annotator: pickInt(u.annotator),
    gradeLevel: pickFloat(u.gradeLevel),
    bloom: pickFloat(u.bloom),
    steps: pickFloat(u.steps),
    difficulty: pickFloat(u.difficulty),
    confidence: u.confidence,
    answerCorrect: u.answerCorrect,
    softStart: softs.s,
    softValues: softs.out,
    countStart: countsSorted.s,
    countValues: countsSorted.out,
    itemStart,
    answers: new Array<string | null>(m).fill(null),
  };
  if (free.length > 0) {
    const annotatorIndex = new Map(annotators.map((id, k) => [id, k]));
    const byKey = new Map<string, FreeRow>();
    for (const f of free) byKey.set(`${position.get(f.itemId)}:${annotatorIndex.get(f.annotatorId)}`, f);
    for (let r = 0; r < m; r++) {
      const f = byKey.get(`${sorted.item[r]}:${sorted.annotator[r]}`);
      if (!f) continue;
      sorted.answers[r] = f.answer;
      sorted.confidence[r] = f.confidence ?? NaN;
      sorted.answerCorrect[r] = f.correct === null ? -1 : f.correct ? 1 : 0;
    }
  }
  return sorted;
}
