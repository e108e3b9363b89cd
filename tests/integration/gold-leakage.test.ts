import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, expect, test } from "vitest";
import { acceptInvitation, call, db, makeUser, unique } from "../helpers/db";
import type { CallResult } from "../helpers/access";
import {
  answer as studyAnswer,
  browser,
  consent,
  createStudy,
  enter,
  instructions,
  next as studyNext,
  state,
} from "../helpers/study";
import * as projectsRoute from "@/app/api/v1/projects/route";
import * as projectRoute from "@/app/api/v1/projects/[slug]/route";
import * as membersRoute from "@/app/api/v1/projects/[slug]/members/route";
import * as itemsRoute from "@/app/api/v1/projects/[slug]/items/route";
import * as nextRoute from "@/app/api/v1/projects/[slug]/queue/next/route";
import * as queueRoute from "@/app/api/v1/projects/[slug]/queue/route";
import * as skipRoute from "@/app/api/v1/projects/[slug]/queue/skip/route";
import * as flagRoute from "@/app/api/v1/projects/[slug]/queue/flag/route";
import * as annotationsRoute from "@/app/api/v1/projects/[slug]/annotations/route";
import * as annotationRoute from "@/app/api/v1/projects/[slug]/annotations/[id]/route";
import * as annotationImportRoute from "@/app/api/v1/projects/[slug]/annotations/import/route";
import * as itemRoute from "@/app/api/v1/projects/[slug]/items/[itemId]/route";

/*
 * Annotators must never receive an item's answer before they submitted it, nor other annotators' labels. Gold answers,
 * metadata and other annotators' answers, comments and soft labels are distinctive markers; an annotator then walks the
 * whole workspace API and every JSON body is scanned for them.
 */

type User = Awaited<ReturnType<typeof makeUser>>;
type Served = { id: string; question: string; choices: string[] };

const tag = randomBytes(4).toString("hex");
const marker = (what: string) => `${what}-MARKER-${tag}`;
const META = marker("META");
const OTHER_ANSWER = marker("OTHER-ANSWER");
const OTHER_COMMENT = marker("OTHER-COMMENT");
const EXTERNAL_ANSWER = marker("EXTERNAL-ANSWER");
const EXTERNAL_ANNOTATOR = marker("EXTERNAL-ANNOTATOR");
/** Another annotator's soft label and confidence: values no computation here produces by chance. */
const OTHER_SOFT_LABEL = [0.1371, 0.2593, 0.4417, 0.1619];
const OTHER_CONFIDENCE = 0.4327;
const OWN_SOFT_LABEL = [0.7, 0.1, 0.1, 0.1];
/** Fields that carry an answer or an item's hidden attributes. */
const ANSWER_KEYS = new Set([
  "answerIndex",
  "answerText",
  "correctIndex",
  "correctAnswer",
  "isGold",
  "gold",
  "metadata",
]);

const CHOICES = ["alpha", "beta", "gamma", "delta"];
type Spec = { id: string; gold: boolean; free: boolean; answer: string | number };
const specs: Spec[] = [
  ...[0, 1, 2, 3].map((i) => ({ id: `real-mc-${i}`, gold: false, free: false, answer: i % 4 })),
  ...[0, 1, 2, 3].map((i) => ({ id: `real-free-${i}`, gold: false, free: true, answer: marker(`GOLD-REAL-${i}`) })),
  ...[0, 1].map((i) => ({ id: `gold-mc-${i}`, gold: true, free: false, answer: (i + 2) % 4 })),
  ...[0, 1].map((i) => ({ id: `gold-free-${i}`, gold: true, free: true, answer: marker(`GOLD-GOLD-${i}`) })),
];
const questionOf = (s: Spec) => `Question ${s.id}: what is ${s.free ? "the answer" : "the best option"}?`;
const specByQuestion = new Map(specs.map((s) => [questionOf(s), s]));
const answerMarkers = specs.filter((s) => typeof s.answer === "string").map((s) => s.answer as string);

let slug: string;
let owner: User;
let annotator: User;
let otherAnnotator: User;

const url = (rest: string) => `http://localhost/api/v1/projects/${slug}${rest}`;
const next = (user: User) =>
  call(nextRoute.POST, { method: "POST", url: url("/queue/next"), params: { slug }, headers: user.auth });
const submit = (user: User, item: Served, values: Record<string, unknown>) =>
  call(annotationsRoute.POST, {
    method: "POST",
    url: url("/annotations"),
    params: { slug },
    headers: user.auth,
    body: { itemId: item.id, clientId: randomUUID(), ...values },
  });
const flag = (user: User, itemId: string, comment: string) =>
  call(flagRoute.POST, {
    method: "POST",
    url: url("/queue/flag"),
    params: { slug },
    headers: user.auth,
    body: { itemId, comment },
  });

beforeAll(async () => {
  owner = await makeUser();
  [annotator, otherAnnotator] = await Promise.all([makeUser(), makeUser()]);
  slug = unique("leak");
  const created = await call(projectsRoute.POST, {
    method: "POST",
    headers: owner.auth,
    // goldRate 1: every gold item first, then the real ones, so one walk meets both kinds for sure.
    body: {
      name: "Leakage",
      slug,
      settings: {
        k: 3,
        goldRate: 1,
        goldFeedback: true,
        fields: { gradeLevel: true, bloom: false, steps: false, difficulty: false, softLabel: true },
      },
    },
  });
  expect(created.status).toBe(201);
  for (const user of [annotator, otherAnnotator]) {
    const res = await call(membersRoute.POST, {
      method: "POST",
      url: url("/members"),
      params: { slug },
      headers: owner.auth,
      body: { email: user.email, role: "ANNOTATOR" },
    });
    expect(res.status).toBe(202);
    await acceptInvitation(res.json.token as string, user.email);
  }
  const rows = specs.map((s) => ({
    id: s.id,
    question: questionOf(s),
    ...(s.free ? {} : { choices: CHOICES }),
    answer: s.answer,
    gold: s.gold,
    metadata: { grade: 7, secret: META },
  }));
  const imported = await call(itemsRoute.POST, {
    method: "POST",
    url: url("/items?format=jsonl"),
    params: { slug },
    headers: owner.auth,
    raw: rows.map((r) => JSON.stringify(r)).join("\n"),
  });
  expect(imported.status).toBe(200);
  expect(imported.json.created).toBe(specs.length);

  // The other annotator labels and flags everything first, with marker answers, comments and soft labels.
  for (;;) {
    const res = await next(otherAnnotator);
    if (res.status === 204) break;
    const item = (res.json as unknown as { item: Served }).item;
    const values = item.choices.length
      ? { softLabel: OTHER_SOFT_LABEL }
      : { answer: OTHER_ANSWER, confidence: OTHER_CONFIDENCE };
    expect((await submit(otherAnnotator, item, { gradeLevel: 9, ...values })).status).toBe(201);
    expect((await flag(otherAnnotator, item.id, OTHER_COMMENT)).status).toBe(200);
  }
  // And labels from elsewhere, imported by the owner.
  const external = specs.map((s) =>
    JSON.stringify({
      item: s.id,
      annotator: EXTERNAL_ANNOTATOR,
      ...(s.free ? { answer: EXTERNAL_ANSWER } : { softLabel: OTHER_SOFT_LABEL }),
    }),
  );
  const importedLabels = await call(annotationImportRoute.POST, {
    method: "POST",
    url: url("/annotations/import"),
    params: { slug },
    headers: owner.auth,
    raw: external.join("\n"),
  });
  expect(importedLabels.status).toBe(200);
});

/** Every key of a JSON value at any depth. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, into));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  }
  return into;
}

test("an annotator's responses never carry answers before submission, nor other annotators' labels", async () => {
  const problems: string[] = [];
  /** Gold answers the annotator has earned by submitting that gold item. */
  const revealed = new Set<string>();
  const scan = (what: string, res: CallResult, opts: { feedbackFor?: Spec } = {}) => {
    const text = JSON.stringify(res.json);
    const forbidden = [
      META,
      OTHER_ANSWER,
      OTHER_COMMENT,
      EXTERNAL_ANSWER,
      EXTERNAL_ANNOTATOR,
      ...answerMarkers.filter((m) => !revealed.has(m)),
    ];
    for (const m of forbidden) if (text.includes(m)) problems.push(`${what} contains ${m}`);
    for (const p of [...OTHER_SOFT_LABEL, OTHER_CONFIDENCE])
      if (text.includes(String(p))) problems.push(`${what} contains another annotator's value ${p}`);
    const keys = [...keysOf(res.json)].filter((k) => ANSWER_KEYS.has(k));
    const allowed = opts.feedbackFor?.gold ? new Set(["correctIndex", "correctAnswer"]) : new Set<string>();
    const bad = keys.filter((k) => !allowed.has(k));
    if (bad.length) problems.push(`${what} has answer fields ${bad.join(", ")}`);
  };

  scan("GET project", await call(projectRoute.GET, { url: url(""), params: { slug }, headers: annotator.auth }));
  scan("GET queue", await call(queueRoute.GET, { url: url("/queue"), params: { slug }, headers: annotator.auth }));

  const served: Spec[] = [];
  let skipped = false;
  let flaggedBeforeSubmit = false;
  for (let guard = 0; guard < 50; guard++) {
    const res = await next(annotator);
    scan("queue/next", res);
    if (res.status === 204) break;
    expect(res.status).toBe(200);
    const item = (res.json as unknown as { item: Served }).item;
    const spec = specByQuestion.get(item.question)!;
    served.push(spec);
    scan("queue/next again (held lease)", await next(annotator));

    if (!spec.gold && !skipped) {
      skipped = true;
      const skip = await call(skipRoute.POST, {
        method: "POST",
        url: url("/queue/skip"),
        params: { slug },
        headers: annotator.auth,
        body: { itemId: item.id, reason: "unclear" },
      });
      expect(skip.status).toBe(200);
      scan(`skip ${spec.id}`, skip);
      continue;
    }
    if (!flaggedBeforeSubmit) {
      flaggedBeforeSubmit = true;
      const flagged = await flag(annotator, item.id, "Own comment before answering");
      expect(flagged.status).toBe(200);
      scan(`flag ${spec.id}`, flagged);
    }
    const values = item.choices.length ? { softLabel: OWN_SOFT_LABEL } : { answer: "my own answer", confidence: 0.6 };
    const submitted = await submit(annotator, item, { gradeLevel: 4, ...values });
    expect(submitted.status).toBe(201);
    if (spec.gold && typeof spec.answer === "string") revealed.add(spec.answer);
    scan(`submit ${spec.id}`, submitted, { feedbackFor: spec });
    if (spec.gold) {
      // Feedback on a gold item shows its answer: the point of gold feedback.
      const feedback = submitted.json.feedback as
        { correctIndex: number | null; correctAnswer: string | null } | undefined;
      expect(feedback, `feedback for ${spec.id}`).toBeDefined();
      expect(feedback!.correctAnswer).toBe(spec.free ? spec.answer : CHOICES[spec.answer as number]);
    } else {
      expect(submitted.json.feedback).toBeUndefined();
    }
    const id = (submitted.json.annotation as { id: string }).id;
    scan(
      `GET annotation ${spec.id}`,
      await call(annotationRoute.GET, {
        url: url(`/annotations/${id}`),
        params: { slug, id },
        headers: annotator.auth,
      }),
    );
    scan(`flag after submit ${spec.id}`, await flag(annotator, item.id, "Own comment after answering"));
  }
  scan(
    "GET own annotations",
    await call(annotationsRoute.GET, { url: url("/annotations?limit=200"), params: { slug }, headers: annotator.auth }),
  );
  scan(
    "GET queue at the end",
    await call(queueRoute.GET, { url: url("/queue"), params: { slug }, headers: annotator.auth }),
  );

  // The walk met every item: all gold ones, and every real one (one of them skipped).
  expect(served.map((s) => s.id).sort()).toEqual(specs.map((s) => s.id).sort());
  expect(problems).toEqual([]);
});

test("a study participant never receives an answer before answering, nor anyone else's labels", async () => {
  const problems: string[] = [];
  const EXPLANATION = (i: number) => marker(`PRACTICE-EXPLANATION-${i}`);
  const practice = [0, 1, 2].map((i) => ({
    question: `Practice question ${i}`,
    choices: ["one", "two", "three"],
    answerIndex: (i + 1) % 3,
    explanation: EXPLANATION(i),
  }));
  const attention = [{ question: "Attention: choose three", choices: ["one", "two", "three"], answerIndex: 2 }];
  const study = await createStudy(slug, owner.auth, {
    quota: specs.length,
    practice,
    attention,
    attentionRate: 0.2,
    training: { criterion: 2, minItems: 3, maxItems: 3 },
  });
  const explained = new Set<string>();
  const scan = (what: string, res: CallResult, feedbackOf?: number) => {
    const text = JSON.stringify(res.json);
    const forbidden = [
      META,
      OTHER_ANSWER,
      OTHER_COMMENT,
      EXTERNAL_ANSWER,
      EXTERNAL_ANNOTATOR,
      ...answerMarkers,
      ...practice.map((_, i) => EXPLANATION(i)).filter((m) => !explained.has(m)),
    ];
    for (const m of forbidden) if (text.includes(m)) problems.push(`${what} contains ${m}`);
    for (const p of [...OTHER_SOFT_LABEL, OTHER_CONFIDENCE])
      if (text.includes(String(p))) problems.push(`${what} contains another annotator's value ${p}`);
    const allowed = feedbackOf !== undefined ? new Set(["correctIndex", "correctAnswer"]) : new Set<string>();
    const bad = [...keysOf(res.json)].filter((k) => (ANSWER_KEYS.has(k) || k === "explanation") && !allowed.has(k));
    if (feedbackOf === undefined && bad.includes("explanation")) problems.push(`${what} has an explanation`);
    const answerKeys = bad.filter((k) => k !== "explanation");
    if (answerKeys.length) problems.push(`${what} has answer fields ${answerKeys.join(", ")}`);
  };
  const b = browser(study);
  const entered = await enter(b, { PROLIFIC_PID: "leak-participant", STUDY_ID: "s", SESSION_ID: "x" });
  expect(entered.status).toBe(201);
  scan("study entry", entered);
  scan("study state", await state(b));
  scan("consent", await consent(b));
  scan("instructions", await instructions(b));
  const kinds: string[] = [];
  const served: Spec[] = [];
  for (let guard = 0; guard < 60; guard++) {
    const res = await studyNext(b);
    scan("study next", res);
    expect(res.status).toBe(200);
    const n = res.json as unknown as { kind: string; item?: Served };
    kinds.push(n.kind);
    if (n.kind === "done") break;
    scan("study next again (same item)", await studyNext(b));
    const item = n.item!;
    if (n.kind === "practice") {
      const i = practice.findIndex((p) => p.question === item.question);
      const res = await studyAnswer(b, item.id, { softLabel: [0.2, 0.5, 0.3] });
      explained.add(EXPLANATION(i));
      scan(`practice answer ${i}`, res, i);
      expect((res.json.feedback as { correctIndex: number }).correctIndex).toBe(practice[i].answerIndex);
      continue;
    }
    if (n.kind === "attention") {
      scan("attention answer", await studyAnswer(b, item.id, { softLabel: [0, 0, 1] }));
      continue;
    }
    const spec = specByQuestion.get(item.question)!;
    served.push(spec);
    const values = item.choices.length
      ? { softLabel: OWN_SOFT_LABEL }
      : { answer: "participant answer", confidence: 0.6 };
    const submitted = await studyAnswer(b, item.id, { gradeLevel: 4, ...values });
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(200);
    scan(`study answer ${spec.id}`, submitted);
  }
  scan("study state at the end", await state(b));
  expect(kinds.filter((k) => k === "practice")).toHaveLength(3);
  expect(kinds).toContain("attention");
  // Every gold item, and the one real item with room left (the others reached k with the labels above).
  expect(
    served
      .filter((s) => s.gold)
      .map((s) => s.id)
      .sort(),
  ).toEqual(
    specs
      .filter((s) => s.gold)
      .map((s) => s.id)
      .sort(),
  );
  expect(served.filter((s) => !s.gold).length).toBeGreaterThanOrEqual(1);
  expect(problems).toEqual([]);
});

test("another annotator's annotation is not found, whatever its id", async () => {
  const prisma = await db();
  const theirs = await prisma.annotation.findFirstOrThrow({
    where: { project: { slug }, annotatorId: otherAnnotator.id },
  });
  const res = await call(annotationRoute.GET, {
    url: url(`/annotations/${theirs.id}`),
    params: { slug, id: theirs.id },
    headers: annotator.auth,
  });
  expect(res.status).toBe(404);
  expect(JSON.stringify(res.json)).not.toContain(OTHER_COMMENT);
  const revise = await call(annotationRoute.PUT, {
    method: "PUT",
    url: url(`/annotations/${theirs.id}`),
    params: { slug, id: theirs.id },
    headers: annotator.auth,
    body: { clientId: randomUUID(), gradeLevel: 1, softLabel: [1, 0, 0, 0] },
  });
  expect(revise.status).toBe(404);
});

test("positive control: the researchers' item view holds every marker, so the scans above would see a leak", async () => {
  const seen = new Set<string>();
  for (const s of specs) {
    const res = await call(itemRoute.GET, {
      url: url(`/items/${s.id}`),
      params: { slug, itemId: s.id },
      headers: owner.auth,
    });
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.json);
    for (const m of [
      META,
      OTHER_ANSWER,
      OTHER_COMMENT,
      EXTERNAL_ANSWER,
      ...answerMarkers,
      ...OTHER_SOFT_LABEL.map(String),
    ])
      if (text.includes(m)) seen.add(m);
    expect([...keysOf(res.json)]).toEqual(expect.arrayContaining(["answerIndex", "answerText", "isGold", "metadata"]));
  }
  expect([...seen].sort()).toEqual(
    [META, OTHER_ANSWER, OTHER_COMMENT, EXTERNAL_ANSWER, ...answerMarkers, ...OTHER_SOFT_LABEL.map(String)].sort(),
  );
});
