import "server-only";
import type { Db } from "@/lib/db";
import { freeAnswerKey, freeAnswerKeysMatch, type FreeAnswerKey } from "@/lib/annotations/scores";
import { IdIndex, resolveDelimited } from "./id-index";
import { dictionary } from "@/lib/dictionary";

/**
 * A project's items and current annotations as typed arrays, loaded with a handful of SQL statements. Bulk columns
 * travel as a few long text values (ids joined by commas, small integers as one character each, soft labels as binary
 * arrays in base64), which PostgreSQL and the driver move several times faster than 500,000 row objects. The statements
 * see slightly different moments only if labels or items change meanwhile; the cache key (fingerprint) was read before
 * loading, so such a change makes the next request recompute.
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
  /**
   * Free-response answers by annotation as numbered groups of equal keys ("18", "$18" and "18.0" share one), -1 for
   * none and for items with choices: numbers, so the arrays move to a compute worker instead of being copied.
   */
  answerGroup: Int32Array;
};

const ITEM_ORDER = `"externalId" COLLATE "C", id COLLATE "C"`;

/**
 * What the annotations are located and measured by, one line per item in table order: id, options, gold option (-1 for
 * none) and, for a free-response item, its reference answer as a JSON string (item ids hold no commas or line breaks).
 */
const ITEM_KEYS = `SELECT string_agg(id || ',' || coalesce(cardinality(choices), 0) || ',' || coalesce("answerIndex", -1)
  || CASE WHEN coalesce(cardinality(choices), 0) = 0 AND "answerText" IS NOT NULL
     THEN ',' || to_json("answerText")::text ELSE '' END, E'\n' ORDER BY ${ITEM_ORDER}) AS keys
FROM "Item" WHERE "projectId" = $1`;

// The rest of the items, by id (placed by the keys' order, so unsorted). Metadata rides along for the prior measures
// (its numeric and boolean values), read in JavaScript.
const ITEM_DETAILS = `SELECT json_agg(json_build_array(id, "externalId", source, subject, choices, "answerText",
  "questionWords", "answerChars", metadata))::text AS items FROM "Item" WHERE "projectId" = $1`;

// Results arrive in chunks of a few MB: the driver copies a message's buffer as it grows, so one huge value is slow.
const ANNOTATION_CHUNKS = 64;
// The chunks are split between statements run at once (PostgreSQL aggregates them on two cores), each decoded as it
// arrives. A statement holds whole items (chunks are by item), so each is consistent on its own.
const ANNOTATION_STATEMENTS = 2;
const HAS_COUNTS = 1;
const HAS_ANSWER = 2;
const HAS_CONFIDENCE = 4;
const HAS_SOFT = 8;
// A rating r is the character with code r + 2 (1 = absent); ratings are small non-negative integers.
const RATING = (column: string) => `chr(CASE WHEN a.${column} IS NULL THEN 1 ELSE least(a.${column}, 50000) + 2 END)`;
// A fifth character flags the fields that are sent only where present: the soft label, label counts (imported
// many-rater data), and a free answer and a confidence (free-response items).
const FLAGS = `chr(48 + (a."labelCounts" IS NOT NULL)::int * ${HAS_COUNTS} + (a.answer IS NOT NULL)::int * ${HAS_ANSWER}
  + (a.confidence IS NOT NULL)::int * ${HAS_CONFIDENCE} + (a."softLabel" IS NOT NULL)::int * ${HAS_SOFT})`;
const ANNOTATIONS = `SELECT count(*)::int AS m, string_agg("itemId", ',') AS items, string_agg("annotatorId", ',') AS annotators,
  string_agg(${RATING('"gradeLevel"')} || ${RATING("bloom")} || ${RATING("steps")} || ${RATING("difficulty")} || ${FLAGS}, '') AS ratings,
  coalesce(encode(string_agg(array_send(a."softLabel"), ''::bytea), 'base64'), '') AS soft,
  coalesce(encode(string_agg(array_send(a."labelCounts"), ''::bytea), 'base64'), '') AS counts,
  coalesce(json_agg(a.answer) FILTER (WHERE a.answer IS NOT NULL), '[]')::text AS answers,
  coalesce(encode(string_agg(float8send(a.confidence), ''::bytea) FILTER (WHERE a.confidence IS NOT NULL), 'base64'), '') AS confidences
FROM "Annotation" a WHERE a."projectId" = $1 AND a."supersededAt" IS NULL
  AND hashtext(a."itemId") & ${ANNOTATION_STATEMENTS - 1} = $2
GROUP BY hashtext(a."itemId") & ${ANNOTATION_CHUNKS - 1}`;

const MODELS = `SELECT s.model AS key, string_agg(s."itemId", ',') AS ids, encode(array_send(array_agg(s.score)), 'base64') AS value
FROM "ModelScore" s WHERE s."itemId" IN (SELECT id FROM "Item" WHERE "projectId" = $1) GROUP BY s.model ORDER BY s.model`;

type DetailTuple = [
  string,
  string,
  string | null,
  string | null,
  string[],
  string | null,
  number,
  number | null,
  Record<string, unknown>,
];
type ColumnRow = { key: string; ids: string; value: string };
type AnnotationText = {
  m: number;
  items: string;
  annotators: string;
  ratings: string;
  soft: string;
  counts: string;
  answers: string;
  confidences: string;
};

/** The items' keys: ids in table order (with their positions), options (0: free response) and gold answers. */
type ItemKeys = {
  n: number;
  ids: string[];
  position: IdIndex;
  options: Int32Array;
  goldIndex: Int32Array;
  /** Reference answers of free-response items (null for items with choices), for matching free answers. */
  references: (string | null)[];
};

/** What the measures are computed from: the items' options and gold options in table order, and the annotations. */
export type LoadedLabels = {
  options: Int32Array;
  goldIndex: Int32Array;
  annotators: string[];
  annotations: AnnotationArrays;
};

/** A project's data in two steps, so the measures are computed while the rest of the items is read. */
export type ProjectLoad = {
  labels: Promise<LoadedLabels>;
  /** The items: ids, options and gold answers as in `labels`, with their texts, metadata and model scores. */
  items: Promise<ProjectData["items"]>;
};

/**
 * Loads a project's data: first the items' keys (ids in table order, options, gold answers) and the annotations, located
 * by the keys; the item details (texts, metadata) and model scores only fill the table, so they are read once the
 * annotations are in, while the caller computes the measures (read beside the annotations, their statements took
 * cores from those). `sameItems`, the items part of an earlier load, is reused when the caller knows the items, their
 * metadata and model scores have not changed since (only labels did), which saves their queries.
 */
export function loadProjectDataInSteps(prisma: Db, projectId: string, sameItems?: ProjectData["items"]): ProjectLoad {
  const keysLoaded = sameItems ? Promise.resolve(keysOf(sameItems)) : loadKeys(prisma, projectId);
  const annotatorIndex = new IdIndex();
  const located = Array.from({ length: ANNOTATION_STATEMENTS }, async (_, k) => {
    const chunks = await prisma.$queryRawUnsafe<AnnotationText[]>(ANNOTATIONS, projectId, k);
    const { position } = await keysLoaded;
    return chunks.map((chunk) => locateChunk(chunk, position, annotatorIndex));
  });
  const loaded = Promise.all([keysLoaded, Promise.all(located)]).then(([keys, parts]) => ({
    keys,
    annotations: sortByItem(parts.flat(), keys),
  }));
  const items = sameItems
    ? Promise.resolve(sameItems)
    : loaded.then(({ keys }) => loadItemDetails(prisma, projectId, keys));
  // A failed load is the caller's through `labels`; `items` may be left unawaited then.
  items.catch(() => {});
  return {
    labels: loaded.then(({ keys, annotations }) => ({
      options: keys.options,
      goldIndex: keys.goldIndex,
      annotators: annotatorIndex.ids,
      annotations,
    })),
    items,
  };
}

/** A project's data in one piece (loadProjectDataInSteps). */
export async function loadProjectData(
  prisma: Db,
  projectId: string,
  sameItems?: ProjectData["items"],
): Promise<ProjectData> {
  const { labels, items } = loadProjectDataInSteps(prisma, projectId, sameItems);
  const [{ annotators, annotations }, loadedItems] = await Promise.all([labels, items]);
  return { items: loadedItems, annotators, annotations };
}

function keysOf(items: ProjectData["items"]): ItemKeys {
  const options = Int32Array.from(items.choices, (c) => c.length);
  return {
    n: items.n,
    ids: items.ids,
    position: new IdIndex(items.ids, items.n),
    options,
    goldIndex: items.goldIndex,
    references: items.goldText.map((text, i) => (options[i] === 0 ? text : null)),
  };
}

async function loadKeys(prisma: Db, projectId: string): Promise<ItemKeys> {
  const [{ keys }] = await prisma.$queryRawUnsafe<{ keys: string | null }[]>(ITEM_KEYS, projectId);
  const lines = keys === null ? [] : keys.split("\n");
  const n = lines.length;
  const keysRead: ItemKeys = {
    n,
    ids: new Array<string>(n),
    position: new IdIndex([], n),
    options: new Int32Array(n),
    goldIndex: new Int32Array(n),
    references: new Array<string | null>(n).fill(null),
  };
  for (let i = 0; i < n; i++) {
    const line = lines[i];
    const options = line.indexOf(",");
    const gold = line.indexOf(",", options + 1);
    const reference = line.indexOf(",", gold + 1);
    keysRead.ids[i] = line.slice(0, options);
    keysRead.position.add(keysRead.ids[i]);
    keysRead.options[i] = Number(line.slice(options + 1, gold));
    keysRead.goldIndex[i] = Number(line.slice(gold + 1, reference < 0 ? line.length : reference));
    if (reference >= 0) keysRead.references[i] = JSON.parse(line.slice(reference + 1)) as string;
  }
  return keysRead;
}

/**
 * The items with their details and model scores, placed by the keys' positions. An item deleted after its keys were
 * read keeps them with empty texts, and one added meanwhile waits for the next load: the item count is in the
 * fingerprint, so the next request recomputes.
 */
async function loadItemDetails(prisma: Db, projectId: string, keys: ItemKeys): Promise<ProjectData["items"]> {
  const [[row], modelRows] = await Promise.all([
    prisma.$queryRawUnsafe<{ items: string | null }[]>(ITEM_DETAILS, projectId),
    prisma.$queryRawUnsafe<ColumnRow[]>(MODELS, projectId),
  ]);
  const { n, ids, position, options, goldIndex } = keys;
  const externalIds = new Array<string>(n).fill("");
  const sources = new Array<string | null>(n).fill(null);
  const subjects = new Array<string | null>(n).fill(null);
  const choices = new Array<string[] | undefined>(n);
  const goldText = new Array<string | null>(n).fill(null);
  const questionWords = new Float64Array(n).fill(NaN);
  const answerChars = new Float64Array(n).fill(NaN);
  const metadata = new Array<Record<string, unknown> | undefined>(n);
  for (const t of JSON.parse(row.items ?? "[]") as DetailTuple[]) {
    const i = position.find(t[0], 0, t[0].length);
    if (i < 0) continue;
    externalIds[i] = t[1];
    sources[i] = t[2];
    subjects[i] = t[3];
    choices[i] = t[4];
    goldText[i] = t[5];
    questionWords[i] = t[6];
    answerChars[i] = t[7] ?? NaN;
    metadata[i] = t[8];
  }
  const models = dictionary<Float64Array>();
  for (const r of modelRows) {
    const values = new Float64Array(n).fill(NaN);
    const column = decodeArraySends(Buffer.from(r.value, "base64"), 1).values;
    const at = resolveDelimited(position, r.ids, column.length, ",");
    for (let j = 0; j < column.length; j++) if (at[j] >= 0) values[at[j]] = column[j];
    models[r.key] = values;
  }
  return {
    n,
    ids,
    externalIds,
    sources,
    subjects,
    choices: Array.from(choices, (c, i) => c ?? new Array<string>(options[i]).fill("")),
    goldIndex,
    goldText,
    questionWords,
    answerChars,
    priors: priorColumns(metadata),
    models,
  };
}

/** Numeric and boolean (as 0/1) metadata values by key, NaN where an item lacks the key; keys in sorted order. */
function priorColumns(metadata: (Record<string, unknown> | undefined)[]): Record<string, Float64Array> {
  const columns = new Map<string, Float64Array>();
  metadata.forEach((values, i) => {
    for (const key in values) {
      const value = values[key];
      if (typeof value !== "number" && typeof value !== "boolean") continue;
      let column = columns.get(key);
      if (!column) columns.set(key, (column = new Float64Array(metadata.length).fill(NaN)));
      column[i] = Number(value);
    }
  });
  return dictionary(Object.fromEntries([...columns.keys()].sort().map((key) => [key, columns.get(key)!])));
}

/** One chunk of annotation rows with its items and annotators resolved to positions (-1: an item added meanwhile). */
type LocatedChunk = {
  m: number;
  item: Int32Array;
  annotator: Int32Array;
  ratings: string;
  soft: DecodedArrays;
  counts: DecodedArrays;
  answers: string[];
  confidences: Float64Array;
};
type DecodedArrays = { start: Int32Array; values: Float64Array };

function locateChunk(chunk: AnnotationText, position: IdIndex, annotatorIndex: IdIndex): LocatedChunk {
  // The rows with a soft label and with label counts, by their flags (cheaper here than two more aggregates there).
  let withSoft = 0;
  let withCounts = 0;
  for (let a = 0; a < chunk.m; a++) {
    const flags = chunk.ratings.charCodeAt(5 * a + 4) - 48;
    if (flags & HAS_SOFT) withSoft++;
    if (flags & HAS_COUNTS) withCounts++;
  }
  return {
    m: chunk.m,
    item: resolveDelimited(position, chunk.items, chunk.m, ","),
    annotator: resolveDelimited(annotatorIndex, chunk.annotators, chunk.m, ",", true),
    ratings: chunk.ratings,
    // Arrays travel as base64 text (a third smaller than hex; Node skips its line breaks): Prisma would turn a bytea
    // into an array of numbers, one per byte.
    soft: decodeArraySends(Buffer.from(chunk.soft, "base64"), withSoft),
    counts: decodeArraySends(Buffer.from(chunk.counts, "base64"), withCounts),
    answers: JSON.parse(chunk.answers) as string[],
    confidences: decodeFloat8s(Buffer.from(chunk.confidences, "base64")),
  };
}

/** Concatenated big-endian float8send values. */
function decodeFloat8s(bytes: Buffer): Float64Array {
  const out = new Float64Array(bytes.length / 8);
  for (let k = 0; k < out.length; k++) out[k] = bytes.readDoubleBE(8 * k);
  return out;
}

/**
 * The located chunks as typed arrays sorted by item, by a counting sort that writes each value once, in place: a first
 * pass counts each item's annotations, soft-label values and label-count values, so the second puts every row and its
 * arrays straight where they belong. Annotations of items that were not loaded are dropped. Free answers and
 * confidences are kept for free-response items only, with each answer's match against the item's reference answer (as
 * the annotator's gold feedback judges it).
 */
function sortByItem(
  chunks: LocatedChunk[],
  { n, options, references }: Pick<ItemKeys, "n" | "options" | "references">,
): AnnotationArrays {
  // Answers repeat (many annotators give the same number), so each distinct text is keyed once.
  const keys = new Map<string, { key: FreeAnswerKey; group: string }>();
  const keyOf = (answer: string) => {
    let known = keys.get(answer);
    if (!known) {
      const key = freeAnswerKey(answer);
      // Stored text never holds NUL, so a NUL-led group cannot collide with a text answer.
      keys.set(answer, (known = { key, group: key.number !== null ? `\u0000${key.number}` : key.text }));
    }
    return known;
  };
  // Per item: where its rows, soft-label values and label-count values start (counted first, then summed up).
  const itemStart = new Int32Array(n + 1);
  const softNext = new Int32Array(n + 1);
  const countNext = new Int32Array(n + 1);
  for (const { m, item, ratings, soft, counts } of chunks) {
    for (let a = 0, l = 0, c = 0; a < m; a++) {
      const flags = ratings.charCodeAt(5 * a + 4) - 48;
      const i = item[a] + 1;
      if (i > 0) itemStart[i]++;
      if (flags & HAS_SOFT) {
        if (i > 0) softNext[i] += soft.start[l + 1] - soft.start[l];
        l++;
      }
      if (flags & HAS_COUNTS) {
        if (i > 0) countNext[i] += counts.start[c + 1] - counts.start[c];
        c++;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    itemStart[i + 1] += itemStart[i];
    softNext[i + 1] += softNext[i];
    countNext[i + 1] += countNext[i];
  }
  const m = itemStart[n];
  const next = itemStart.slice(0, n);
  const item = new Int32Array(m);
  const annotator = new Int32Array(m);
  const [gradeLevel, bloom, steps, difficulty] = [0, 1, 2, 3].map(() => new Float64Array(m));
  const confidence = new Float64Array(m).fill(NaN);
  const answerCorrect = new Int8Array(m).fill(-1);
  const answerGroup = new Int32Array(m).fill(-1);
  const groupOf = new Map<string, number>();
  const softStart = new Int32Array(m + 1);
  const countStart = new Int32Array(m + 1);
  const softValues = new Float64Array(softNext[n]);
  const countValues = new Float64Array(countNext[n]);
  softStart[m] = softNext[n];
  countStart[m] = countNext[n];
  const rating = (code: number) => (code === 1 ? NaN : code - 2);
  for (const chunk of chunks) {
    const { ratings, soft, counts } = chunk;
    let withSoft = 0;
    let withCounts = 0;
    let withAnswer = 0;
    let withConfidence = 0;
    for (let a = 0; a < chunk.m; a++) {
      const flags = ratings.charCodeAt(5 * a + 4) - 48;
      const l = flags & HAS_SOFT ? withSoft++ : -1;
      const c = flags & HAS_COUNTS ? withCounts++ : -1;
      const answer = flags & HAS_ANSWER ? chunk.answers[withAnswer++] : null;
      const belief = flags & HAS_CONFIDENCE ? chunk.confidences[withConfidence++] : NaN;
      const i = chunk.item[a];
      if (i < 0) continue;
      const r = next[i]++;
      item[r] = i;
      annotator[r] = chunk.annotator[a];
      gradeLevel[r] = rating(ratings.charCodeAt(5 * a));
      bloom[r] = rating(ratings.charCodeAt(5 * a + 1));
      steps[r] = rating(ratings.charCodeAt(5 * a + 2));
      difficulty[r] = rating(ratings.charCodeAt(5 * a + 3));
      // An item's rows take its values in the order they are placed, so row r's arrays end where row r + 1's start.
      softStart[r] = softNext[i];
      if (l >= 0) {
        for (let v = soft.start[l]; v < soft.start[l + 1]; v++) softValues[softNext[i]++] = soft.values[v];
      }
      countStart[r] = countNext[i];
      if (c >= 0) {
        for (let v = counts.start[c]; v < counts.start[c + 1]; v++) countValues[countNext[i]++] = counts.values[v];
      }
      if (options[i] === 0) {
        confidence[r] = belief;
        if (answer !== null) {
          const { key, group } = keyOf(answer);
          let g = groupOf.get(group);
          if (g === undefined) groupOf.set(group, (g = groupOf.size));
          answerGroup[r] = g;
          const reference = references[i];
          if (reference !== null) answerCorrect[r] = freeAnswerKeysMatch(key, keyOf(reference).key) ? 1 : 0;
        }
      }
    }
  }
  return {
    m,
    item,
    annotator,
    gradeLevel,
    bloom,
    steps,
    difficulty,
    confidence,
    answerCorrect,
    softStart,
    softValues,
    countStart,
    countValues,
    itemStart,
    answerGroup,
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
