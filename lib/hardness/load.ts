import type { Db } from "@/lib/db";

/**
 * A project's items and current annotations as typed arrays, loaded with a handful of SQL statements run in parallel.
 * Bulk columns travel as a few long text values (ids joined by commas, small integers as one character each, soft
 * labels as binary arrays in hex), which PostgreSQL and the driver move several times faster than 500,000 row objects.
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

// Metadata rides along for the prior measures (its numeric and boolean values), read in JavaScript.
const ITEMS = `SELECT json_agg(json_build_array(id, "externalId", source, subject, choices, "answerIndex", "answerText",
  "questionWords", "answerChars", metadata) ORDER BY ${ITEM_ORDER})::text AS items FROM "Item" WHERE "projectId" = $1`;

// Results arrive in chunks of a few MB: the driver copies a message's buffer as it grows, so one huge value is slow.
const ANNOTATION_CHUNKS = 64;
// The chunks are split between this many statements run at once, so PostgreSQL aggregates them on several cores.
// Each statement holds whole items (chunks are by item), so each is consistent on its own.
const ANNOTATION_STATEMENTS = 2;
// A rating r is the character with code r + 2 (1 = absent); ratings are small non-negative integers.
const RATING = (column: string) => `chr(CASE WHEN a.${column} IS NULL THEN 1 ELSE least(a.${column}, 50000) + 2 END)`;
// labelCounts (imported many-rater data) are rare: a fifth character flags them and only those present are sent.
const ANNOTATIONS = `SELECT count(*)::int AS m, string_agg("itemId", ',') AS items, string_agg("annotatorId", ',') AS annotators,
  string_agg(${RATING('"gradeLevel"')} || ${RATING("bloom")} || ${RATING("steps")} || ${RATING("difficulty")} ||
             CASE WHEN a."labelCounts" IS NULL THEN '0' ELSE '1' END, '') AS ratings,
  encode(string_agg(array_send(coalesce(a."softLabel", '{}')), ''::bytea), 'hex') AS soft,
  count(a."labelCounts")::int AS "withCounts",
  coalesce(encode(string_agg(array_send(a."labelCounts"), ''::bytea), 'hex'), '') AS counts
FROM "Annotation" a WHERE a."projectId" = $1 AND a."supersededAt" IS NULL
  AND hashtext(a."itemId") & ${ANNOTATION_STATEMENTS - 1} = $2
GROUP BY hashtext(a."itemId") & ${ANNOTATION_CHUNKS - 1}`;

// Confidence and free answers matter for free-response items only; they are few, so plain rows.
const FREE = `SELECT a."itemId", a."annotatorId", a.confidence, CASE WHEN a.answer IS NULL THEN NULL ELSE ${NORMALIZE("a.answer")} END AS answer,
  CASE WHEN a.answer IS NOT NULL AND i."answerText" IS NOT NULL THEN ${NORMALIZE("a.answer")} = ${NORMALIZE('i."answerText"')} END AS correct
FROM "Annotation" a JOIN "Item" i ON i.id = a."itemId"
WHERE a."projectId" = $1 AND a."supersededAt" IS NULL AND cardinality(i.choices) = 0 AND (a.answer IS NOT NULL OR a.confidence IS NOT NULL)`;

const MODELS = `SELECT s.model AS key, string_agg(s."itemId", ',') AS ids, encode(array_send(array_agg(s.score)), 'hex') AS value
FROM "ModelScore" s WHERE s."itemId" IN (SELECT id FROM "Item" WHERE "projectId" = $1) GROUP BY s.model ORDER BY s.model`;

type ItemTuple = [string, string, string | null, string | null, string[], number | null, string | null, number, number | null, Record<string, unknown>];
type ColumnRow = { key: string; ids: string; value: string };
type FreeRow = { itemId: string; annotatorId: string; confidence: number | null; answer: string | null; correct: boolean | null };
type AnnotationText = { m: number; items: string; annotators: string; ratings: string; soft: string; withCounts: number; counts: string };

export async function loadProjectData(prisma: Db, projectId: string): Promise<ProjectData> {
  const [[{ items: itemsJson }], chunks, freeRows, modelRows] = await Promise.all([
    prisma.$queryRawUnsafe<{ items: string | null }[]>(ITEMS, projectId),
    Promise.all(Array.from({ length: ANNOTATION_STATEMENTS }, (_, k) => prisma.$queryRawUnsafe<AnnotationText[]>(ANNOTATIONS, projectId, k))).then((parts) => parts.flat()),
    prisma.$queryRawUnsafe<FreeRow[]>(FREE, projectId),
    prisma.$queryRawUnsafe<ColumnRow[]>(MODELS, projectId),
  ]);
  const tuples = JSON.parse(itemsJson ?? "[]") as ItemTuple[];
  const n = tuples.length;
  const ids = new Array<string>(n);
  const externalIds = new Array<string>(n);
  const sources = new Array<string | null>(n);
  const subjects = new Array<string | null>(n);
  const choices = new Array<string[]>(n);
  const goldText = new Array<string | null>(n);
  const goldIndex = new Int32Array(n);
  const questionWords = new Float64Array(n);
  const answerChars = new Float64Array(n);
  const position = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const t = tuples[i];
    ids[i] = t[0];
    position.set(t[0], i);
    externalIds[i] = t[1];
    sources[i] = t[2];
    subjects[i] = t[3];
    choices[i] = t[4];
    goldIndex[i] = t[5] ?? -1;
    goldText[i] = t[6];
    questionWords[i] = t[7];
    answerChars[i] = t[8] ?? NaN;
  }
  const columns = (rows: ColumnRow[]) => {
    const out: Record<string, Float64Array> = {};
    for (const r of rows) {
      const values = new Float64Array(n).fill(NaN);
      const ids = r.ids.split(",");
      const column = decodeArraySends(Buffer.from(r.value, "hex"), 1).values;
      for (let j = 0; j < ids.length; j++) {
        const i = position.get(ids[j]);
        if (i !== undefined) values[i] = column[j];
      }
      out[r.key] = values;
    }
    return out;
  };
  const { annotators, annotations } = decodeAnnotations(chunks, position, n);
  return {
    items: {
      n,
      ids,
      externalIds,
      sources,
      subjects,
      choices,
      goldIndex,
      goldText,
      questionWords,
      answerChars,
      priors: priorColumns(tuples),
      models: columns(modelRows),
    },
    annotators,
    annotations: withFreeResponses(annotations, freeRows, position, annotators),
  };
}

/** Numeric and boolean (as 0/1) metadata values by key, NaN where an item lacks the key; keys in sorted order. */
function priorColumns(tuples: ItemTuple[]): Record<string, Float64Array> {
  const columns = new Map<string, Float64Array>();
  tuples.forEach((t, i) => {
    const metadata = t[9];
    for (const key in metadata) {
      const value = metadata[key];
      if (typeof value !== "number" && typeof value !== "boolean") continue;
      let column = columns.get(key);
      if (!column) columns.set(key, (column = new Float64Array(tuples.length).fill(NaN)));
      column[i] = Number(value);
    }
  });
  return Object.fromEntries([...columns.keys()].sort().map((key) => [key, columns.get(key)!]));
}

/**
 * Splits the aggregated text columns into typed arrays sorted by item (a counting sort fused into the decoding, so each
 * value is written once, in place); annotations of items not loaded (added meanwhile) are dropped.
 */
function decodeAnnotations(chunks: AnnotationText[], position: Map<string, number>, n: number): { annotators: string[]; annotations: AnnotationArrays } {
  // Arrays travel as hex text: Prisma would turn a bytea into an array of numbers, one per byte.
  const decoded = chunks.map((chunk) => ({
    itemIds: chunk.items.split(","),
    soft: decodeArraySends(Buffer.from(chunk.soft, "hex"), chunk.m),
    counts: decodeArraySends(Buffer.from(chunk.counts, "hex"), chunk.withCounts),
  }));
  const rows = chunks.reduce((sum, c) => sum + c.m, 0);
  // Pass 1: each row's item, and the number of rows per item.
  const itemOf = new Int32Array(rows);
  const itemStart = new Int32Array(n + 1);
  let g = 0;
  for (const { itemIds } of decoded) {
    for (let a = 0; a < itemIds.length; a++, g++) {
      const i = position.get(itemIds[a]) ?? -1;
      itemOf[g] = i;
      if (i >= 0) itemStart[i + 1]++;
    }
  }
  for (let i = 0; i < n; i++) itemStart[i + 1] += itemStart[i];
  const m = itemStart[n];
  const next = itemStart.slice(0, n);
  const slotOf = new Int32Array(rows);
  const item = new Int32Array(m);
  const annotator = new Int32Array(m);
  const [gradeLevel, bloom, steps, difficulty] = [0, 1, 2, 3].map(() => new Float64Array(m));
  const softStart = new Int32Array(m + 1);
  const countStart = new Int32Array(m + 1);
  const rating = (code: number) => (code === 1 ? NaN : code - 2);
  const annotatorIndex = new Map<string, number>();
  // Pass 2: scalar fields into their sorted slots, and each slot's array lengths.
  g = 0;
  chunks.forEach((chunk, part) => {
    const annotatorIds = chunk.annotators.split(",");
    const { ratings } = chunk;
    const { soft, counts } = decoded[part];
    let withCounts = 0;
    for (let a = 0; a < chunk.m; a++, g++) {
      const c = ratings.charCodeAt(5 * a + 4) === 49 /* "1" */ ? withCounts++ : -1;
      const i = itemOf[g];
      if (i < 0) continue;
      const r = next[i]++;
      slotOf[g] = r;
      let k = annotatorIndex.get(annotatorIds[a]);
      if (k === undefined) annotatorIndex.set(annotatorIds[a], (k = annotatorIndex.size));
      item[r] = i;
      annotator[r] = k;
      gradeLevel[r] = rating(ratings.charCodeAt(5 * a));
      bloom[r] = rating(ratings.charCodeAt(5 * a + 1));
      steps[r] = rating(ratings.charCodeAt(5 * a + 2));
      difficulty[r] = rating(ratings.charCodeAt(5 * a + 3));
      softStart[r + 1] = soft.start[a + 1] - soft.start[a];
      countStart[r + 1] = c < 0 ? 0 : counts.start[c + 1] - counts.start[c];
    }
  });
  for (let r = 0; r < m; r++) {
    softStart[r + 1] += softStart[r];
    countStart[r + 1] += countStart[r];
  }
  // Pass 3: the soft labels and label counts.
  const softValues = new Float64Array(softStart[m]);
  const countValues = new Float64Array(countStart[m]);
  g = 0;
  chunks.forEach((chunk, part) => {
    const { soft, counts } = decoded[part];
    let withCounts = 0;
    for (let a = 0; a < chunk.m; a++, g++) {
      const c = chunk.ratings.charCodeAt(5 * a + 4) === 49 ? withCounts++ : -1;
      if (itemOf[g] < 0) continue;
      const r = slotOf[g];
      let o = softStart[r];
      for (let v = soft.start[a]; v < soft.start[a + 1]; v++) softValues[o++] = soft.values[v];
      o = countStart[r];
      if (c >= 0) for (let v = counts.start[c]; v < counts.start[c + 1]; v++) countValues[o++] = counts.values[v];
    }
  });
  return {
    annotators: [...annotatorIndex.keys()],
    annotations: {
      m,
      item,
      annotator,
      gradeLevel,
      bloom,
      steps,
      difficulty,
      confidence: new Float64Array(m).fill(NaN),
      answerCorrect: new Int8Array(m).fill(-1),
      softStart,
      softValues,
      countStart,
      countValues,
      itemStart,
      answers: new Array<string | null>(m).fill(null),
    },
  };
}

/**
 * Decodes m concatenated PostgreSQL binary arrays (array_send of one-dimensional float8[] or int4[]) into CSR arrays.
 * The binary form spares PostgreSQL printing and JavaScript parsing every number as decimal text (2,000,000 soft-label
 * values in a large project); each array is: ndim, has-nulls flag, element type, then per dimension its length and
 * lower bound, then per element a byte length (-1 for NULL, read as NaN) and the big-endian value.
 */
export function decodeArraySends(bytes: Uint8Array, m: number): { start: Int32Array; values: Float64Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = new Int32Array(m + 1);
  // First pass: element counts, so the values go into one exactly sized array.
  let offset = 0;
  let total = 0;
  for (let a = 0; a < m; a++) {
    const ndim = view.getInt32(offset);
    if (ndim > 1) throw new Error(`expected one-dimensional arrays, got ${ndim} dimensions`);
    const length = ndim === 1 ? view.getInt32(offset + 12) : 0;
    offset += 12 + 8 * ndim;
    for (let e = 0; e < length; e++) {
      const size = view.getInt32(offset);
      offset += 4 + Math.max(size, 0);
    }
    total += length;
    start[a + 1] = total;
  }
  if (offset !== bytes.byteLength) throw new Error(`expected ${m} arrays in ${bytes.byteLength} bytes, read ${offset}`);
  const values = new Float64Array(total);
  offset = 0;
  for (let a = 0, v = 0; a < m; a++) {
    const ndim = view.getInt32(offset);
    const float = view.getInt32(offset + 8) === FLOAT8_OID;
    offset += 12 + 8 * ndim;
    for (; v < start[a + 1]; v++) {
      const size = view.getInt32(offset);
      offset += 4;
      if (size < 0) {
        values[v] = NaN;
        continue;
      }
      values[v] = float ? view.getFloat64(offset) : view.getInt32(offset);
      offset += size;
    }
  }
  return { start, values };
}

const FLOAT8_OID = 701;

/** Confidence, normalized answer and its correctness for the annotations of free-response items. */
function withFreeResponses(sorted: AnnotationArrays, free: FreeRow[], position: Map<string, number>, annotators: string[]): AnnotationArrays {
  const annotatorIndex = new Map(annotators.map((id, k) => [id, k]));
  for (const f of free) {
    const i = position.get(f.itemId);
    const k = annotatorIndex.get(f.annotatorId);
    if (i === undefined || k === undefined) continue;
    for (let r = sorted.itemStart[i]; r < sorted.itemStart[i + 1]; r++) {
      if (sorted.annotator[r] !== k) continue;
      sorted.answers[r] = f.answer;
      sorted.confidence[r] = f.confidence ?? NaN;
      sorted.answerCorrect[r] = f.correct === null ? -1 : f.correct ? 1 : 0;
    }
  }
  return sorted;
}
