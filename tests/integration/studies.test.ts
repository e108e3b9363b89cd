import { describe, expect, test } from "vitest";
import { call, db, makeUser } from "../helpers/db";
import { addAnnotator, setup } from "./queue-fixtures";
import {
  answer,
  arrive,
  browser,
  consent,
  createStudy,
  enter,
  instructions,
  next,
  nextJson,
  state,
} from "../helpers/study";
import * as studyRoute from "@/app/api/v1/studies/[id]/route";
import * as paymentsRoute from "@/app/api/v1/studies/[id]/payments/route";
import * as studiesRoute from "@/app/api/v1/projects/[slug]/studies/route";
import { hardnessTable } from "@/lib/hardness";

const certain = (i: number, k = 4) => Array.from({ length: k }, (_, j) => (j === i ? 1 : 0));
const PRACTICE = Array.from({ length: 6 }, (_, i) => ({
  question: `Practice ${i}: is this the first option?`,
  choices: ["yes", "no"],
  answerIndex: 0,
  explanation: `Practice ${i} explained`,
}));
const ATTENTION = [0, 1].map((i) => ({
  question: `Attention ${i}: put everything on "${["red", "green", "blue", "grey"][i + 1]}"`,
  choices: ["red", "green", "blue", "grey"],
  answerIndex: i + 1,
}));

async function studyOf(settings: Record<string, unknown>, items: { real?: number; gold?: number }, body = {}) {
  const { owner, project, prisma } = await setup(settings, items);
  const study = await createStudy(project.slug, owner.auth, body);
  return { owner, project, prisma, study };
}

/** Labels real items with `label` until the study says it is over. */
async function labelToEnd(b: ReturnType<typeof browser>, label: (item: { choices: string[] }) => number[]) {
  for (let i = 0; i < 50; i++) {
    const n = await nextJson(b);
    if (n.kind === "done") return n.completion!;
    expect(n.kind).toBe("item");
    const res = await answer(b, n.item!.id, { softLabel: label(n.item!) });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
  }
  throw new Error("the study never ended");
}

describe("study creation and entry", () => {
  test("POST /projects/{slug}/studies answers 201 {id, key, url}; bad settings are 400 and researchers only", async () => {
    const { owner, project } = await setup({}, { real: 1 });
    const created = await createStudy(project.slug, owner.auth, { quota: 5 });
    expect(created.url).toBe(`http://localhost/s/${created.key}`);
    expect(created.key.length).toBeGreaterThanOrEqual(20);
    const post = (body: Record<string, unknown>) =>
      call(studiesRoute.POST, {
        method: "POST",
        url: `http://localhost/api/v1/projects/${project.slug}/studies`,
        params: { slug: project.slug },
        headers: owner.auth,
        body: { name: "Bad", quota: 5, ...body },
      });
    const pathsOf = (res: Awaited<ReturnType<typeof post>>) =>
      (res.json.error?.details as { path: string }[]).map((d) => d.path);
    const script = await post({ completionUrl: "javascript:alert(1)" });
    expect(script.status).toBe(400);
    expect(pathsOf(script)).toEqual(["completionUrl"]);
    const noCode = await post({});
    expect(noCode.status).toBe(400);
    expect(pathsOf(noCode)).toEqual(["completionCode"]);
    const badPractice = await post({
      completionCode: "X",
      practice: [{ question: "q", choices: ["a", "b"], answerIndex: 2 }],
    });
    expect(pathsOf(badPractice)).toEqual(["practice.0.answerIndex"]);
    expect(await (await db()).study.count({ where: { projectId: project.id } })).toBe(1);
    const stranger = await makeUser();
    const got = await call(studyRoute.GET, { params: { id: created.id }, headers: stranger.auth });
    expect(got.status).toBe(404);
  });

  test("a participant id resumes where it left; a second concurrent session for the same id is refused", async () => {
    const { study, prisma } = await studyOf({}, { real: 3 }, { quota: 2 });
    const first = browser(study);
    const entered = await enter(first, { PROLIFIC_PID: "pid-resume", STUDY_ID: "S", SESSION_ID: "X" });
    expect(entered.status).toBe(201);
    expect(entered.json.status).toBe("CONSENT");
    expect((await consent(first)).json.status).toBe("INSTRUCTIONS");
    // The same browser comes back: same session, same step.
    const again = await enter(first, { PROLIFIC_PID: "pid-resume", STUDY_ID: "S", SESSION_ID: "X" });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ resumed: true, status: "INSTRUCTIONS" });
    // Another browser with the same id while the first is active: refused, and the first keeps its session.
    const second = browser(study);
    const refused = await enter(second, { PROLIFIC_PID: "pid-resume", STUDY_ID: "S", SESSION_ID: "X" });
    expect(refused.status).toBe(409);
    expect(second.cookie).toBeNull();
    expect((await state(first)).status).toBe(200);
    // Two first arrivals of one id at the same moment: one session, one refusal.
    const racers = [browser(study), browser(study)];
    const raced = await Promise.all(racers.map((b) => enter(b, { PROLIFIC_PID: "pid-race" })));
    expect(raced.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await prisma.participant.count({ where: { studyId: study.id, platformPid: "pid-race" } })).toBe(1);
    // Once the first browser has been quiet, another one takes over at the same step, and the first is shut out.
    await prisma.participant.updateMany({
      where: { studyId: study.id, platformPid: "pid-resume" },
      data: { sessionSeenAt: new Date(Date.now() - 10 * 60_000) },
    });
    const takeover = await enter(second, { PROLIFIC_PID: "pid-resume" });
    expect(takeover.status).toBe(200);
    expect(takeover.json.status).toBe("INSTRUCTIONS");
    expect((await state(first)).status).toBe(409);
    expect((await instructions(second)).json.status).toBe("LABELLING");
    const item = await nextJson(second);
    expect(item.kind).toBe("item");
    // A reload resumes the same leased item rather than a new one.
    expect((await nextJson(second)).item!.id).toBe(item.item!.id);
  });

  test("platform parameters: MTurk and generic ids, disallowed platforms, previews and missing ids", async () => {
    const { study } = await studyOf({}, { real: 1 }, { quota: 1, platforms: ["mturk", "generic"] });
    expect((await enter(browser(study), { workerId: "W1", assignmentId: "A1", hitId: "H1" })).status).toBe(201);
    expect((await enter(browser(study), { pid: "generic-1" })).status).toBe(201);
    expect((await enter(browser(study), { PROLIFIC_PID: "p1" })).status).toBe(403);
    expect((await enter(browser(study), { workerId: "W2", assignmentId: "ASSIGNMENT_ID_NOT_AVAILABLE" })).status).toBe(
      400,
    );
    expect((await enter(browser(study), {})).status).toBe(400);
    expect((await enter(browser({ ...study, key: "wrong-key" }), { pid: "x" })).status).toBe(404);
    expect((await enter(browser(study), { pid: "bad id with spaces" })).status).toBe(400);
  });
});

describe("editing a study", () => {
  const patch = (study: { id: string }, auth: Record<string, string>, body: unknown) =>
    call(studyRoute.PATCH, {
      method: "PATCH",
      url: `http://localhost/api/v1/studies/${study.id}`,
      params: { id: study.id },
      headers: auth,
      body,
    });
  const pathsOf = (res: Awaited<ReturnType<typeof patch>>) =>
    (res.json.error?.details as { path: string }[]).map((d) => d.path);
  const stored = async (id: string) =>
    (await db()).study.findUniqueOrThrow({ where: { id }, include: { items: { orderBy: { position: "asc" } } } });

  test("before anyone starts every setting, text and item can change; bad values change nothing", async () => {
    const { study, owner, project, prisma } = await studyOf(
      {},
      { real: 2 },
      { quota: 2, practice: PRACTICE.slice(0, 2) },
    );
    const before = await stored(study.id);
    // Each refusal leaves the study as it was: a field out of range, a merged state with no way to finish, an
    // attention rate with no attention items, a practice range upside down.
    const refusals: [Record<string, unknown>, string[]][] = [
      [{ quota: 0, maxBonus: 3 }, ["quota"]],
      [{ completionCode: null, maxBonus: 3 }, ["completionCode"]],
      [{ attentionRate: 0.2 }, ["attention"]],
      [{ training: { maxItems: 1 } }, ["training.minItems"]],
      [{ currency: "pounds" }, ["currency"]],
      [{}, [""]],
    ];
    for (const [body, paths] of refusals) {
      const res = await patch(study, owner.auth, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(pathsOf(res)).toEqual(paths);
    }
    expect(await stored(study.id)).toEqual(before);

    const res = await patch(study, owner.auth, {
      name: "Renamed",
      quota: 7,
      maxBonus: 0.4,
      baseRate: 1.5,
      currency: "usd",
      consentText: "New consent",
      completionCode: null,
      completionUrl: "https://app.prolific.com/submissions/complete?cc={code}",
      training: { criterion: 0.3 },
      practice: PRACTICE.slice(2, 5),
      attention: ATTENTION,
      attentionRate: 0.25,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({
      name: "Renamed",
      consentText: "New consent",
      closed: false,
      settings: {
        quota: 7,
        maxBonus: 0.4,
        baseRate: 1.5,
        currency: "USD",
        completionCode: null,
        training: { criterion: 0.3, minItems: 3, maxItems: 10 },
        attentionRate: 0.25,
      },
    });
    const after = await stored(study.id);
    expect(after.items.filter((i) => i.kind === "PRACTICE").map((i) => i.question)).toEqual(
      PRACTICE.slice(2, 5).map((p) => p.question),
    );
    expect(after.items.filter((i) => i.kind === "ATTENTION").map((i) => i.answerIndex)).toEqual([1, 2]);
    const logged = await prisma.auditLog.findMany({ where: { projectId: project.id, action: "study.update" } });
    expect(logged).toHaveLength(1);
    expect((logged[0].detail as { changed: string[] }).changed.sort()).toEqual(
      [
        "attention",
        "attentionRate",
        "baseRate",
        "completionCode",
        "completionUrl",
        "consentText",
        "currency",
        "maxBonus",
        "name",
        "practice",
        "quota",
        "training",
      ].sort(),
    );
    // The participant page shows the new pay at once.
    const b = await arrive(study, "pid-after-edit");
    expect((await state(b)).json).toMatchObject({ quota: 7, pay: { maxBonus: 0.4, currency: "USD" } });
  });

  test("once a participant has started, pay, training, consent and items are fixed (409); quota and codes still change", async () => {
    const { study, owner } = await studyOf(
      {},
      { real: 3 },
      {
        quota: 3,
        maxBonus: 1,
        practice: PRACTICE.slice(0, 2),
        training: { minItems: 2, maxItems: 2 },
        consentText: "Consent v1",
      },
    );
    const b = await arrive(study, "pid-locked");
    const before = await stored(study.id);
    for (const [body, paths] of [
      [{ maxBonus: 2, quota: 1 }, ["maxBonus"]],
      [{ training: { criterion: 1.5 } }, ["training"]],
      [{ consentText: "Consent v2", baseRate: 3, currency: "EUR" }, ["consentText", "baseRate", "currency"]],
      [{ practice: PRACTICE.slice(0, 1) }, ["practice"]],
    ] as const) {
      const res = await patch(study, owner.auth, body);
      expect(res.status, JSON.stringify(body)).toBe(409);
      expect(res.json.error!.message).toMatch(/1 participant has started/);
      expect(pathsOf(res)).toEqual(paths);
    }
    expect(await stored(study.id)).toEqual(before);
    // The whole form sent back with the fixed values unchanged passes: only what changed counts.
    const res = await patch(study, owner.auth, {
      quota: 1,
      maxMinutes: 30,
      completionCode: "NEWCODE",
      timeoutCode: "LATE",
      platforms: ["prolific"],
      maxBonus: 1,
      consentText: "Consent v1",
      practice: PRACTICE.slice(0, 2),
      training: { criterion: 0.5 },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.settings).toMatchObject({
      quota: 1,
      maxMinutes: 30,
      completionCode: "NEWCODE",
      timeoutCode: "LATE",
    });
    // The participant inside passes the unchanged practice round, then sees the new quota: one item and done.
    for (let i = 0; i < 2; i++) {
      const practice = await nextJson(b);
      expect(practice.kind).toBe("practice");
      expect((await answer(b, practice.item!.id, { softLabel: certain(0, 2) })).status).toBe(200);
    }
    const first = await nextJson(b);
    expect(first.kind).toBe("item");
    expect((await answer(b, first.item!.id, { softLabel: certain(0) })).status).toBe(200);
    expect((await nextJson(b)).completion).toMatchObject({ status: "COMPLETED", code: "NEWCODE" });
  });

  test("annotators and outsiders cannot edit, close or reopen a study", async () => {
    const { study, owner, project } = await studyOf({}, { real: 1 }, { quota: 2 });
    const annotator = await addAnnotator(project.id);
    const outsider = await makeUser();
    const before = await stored(study.id);
    for (const user of [annotator, outsider]) {
      for (const body of [{ quota: 9 }, { closed: true }]) {
        const res = await patch(study, user.auth, body);
        expect(res.status).toBe(404);
      }
    }
    expect(await stored(study.id)).toEqual(before);
    // Closing and reopening are audited; closing twice keeps the first time.
    expect((await patch(study, owner.auth, { closed: true })).json.closed).toBe(true);
    const closedAt = (await stored(study.id)).closedAt;
    expect((await patch(study, owner.auth, { closed: true, quota: 3 })).status).toBe(200);
    expect((await stored(study.id)).closedAt).toEqual(closedAt);
    expect((await patch(study, owner.auth, { closed: false })).json.closed).toBe(false);
    const actions = await (
      await db()
    ).auditLog.findMany({
      where: { projectId: project.id, action: { startsWith: "study." } },
      orderBy: { createdAt: "asc" },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual(["study.create", "study.close", "study.update", "study.open"]);
  });
});

describe("completion", () => {
  test("the quota ends the study with the completion code and URL", async () => {
    const { study, prisma } = await studyOf(
      { k: 3 },
      { real: 5 },
      { quota: 3, completionUrl: "https://app.prolific.com/submissions/complete?cc={code}", completionCode: "C0MPL" },
    );
    const b = await arrive(study, "pid-quota");
    const completion = await labelToEnd(b, () => certain(0));
    expect(completion).toEqual({
      status: "COMPLETED",
      code: "C0MPL",
      url: "https://app.prolific.com/submissions/complete?cc=C0MPL",
    });
    const p = await prisma.participant.findFirstOrThrow({ where: { studyId: study.id } });
    expect(await prisma.annotation.count({ where: { annotatorId: p.userId } })).toBe(3);
    // Finished participants get their completion again, and nothing more to label.
    expect((await nextJson(b)).completion?.code).toBe("C0MPL");
    expect((await answer(b, "anything", { softLabel: certain(0) })).status).toBe(409);
  });

  test("the time limit ends the study with the timeout code", async () => {
    const { study, prisma } = await studyOf({}, { real: 5 }, { quota: 5, maxMinutes: 1, timeoutCode: "T1MEOUT" });
    const b = await arrive(study, "pid-time");
    expect((await nextJson(b)).kind).toBe("item");
    await prisma.participant.updateMany({
      where: { studyId: study.id },
      data: { startedAt: new Date(Date.now() - 61_000) },
    });
    expect(await nextJson(b)).toEqual({
      kind: "done",
      completion: { status: "TIMED_OUT", code: "T1MEOUT", url: null },
    });
    expect((await state(b)).json.status).toBe("TIMED_OUT");
  });
});

describe("calibration training", () => {
  test("training stops as soon as the running Brier score reaches the criterion", async () => {
    const { study, prisma } = await studyOf(
      {},
      { real: 2 },
      { quota: 1, practice: PRACTICE, training: { criterion: 0.3, minItems: 2, maxItems: 6 } },
    );
    const b = await arrive(study, "pid-train");
    const first = await nextJson(b);
    expect(first.kind).toBe("practice");
    expect(JSON.stringify(first)).not.toMatch(/answerIndex|explained/);
    // [0.5, 0.5] on a "yes" item: Brier (0.5-1)^2 + 0.5^2 = 0.5; running 0.5 after one item (minItems 2).
    const a1 = await answer(b, first.item!.id, { softLabel: [0.5, 0.5] });
    expect(a1.json.feedback).toMatchObject({ correctIndex: 0, correctAnswer: "yes", answered: 1, outcome: "continue" });
    expect((a1.json.feedback as { brier: number }).brier).toBeCloseTo(0.5, 12);
    expect((a1.json.feedback as { explanation: string }).explanation).toBe("Practice 0 explained");
    // [0.9, 0.1]: Brier 0.01 + 0.01 = 0.02; running (0.5 + 0.02) / 2 = 0.26 <= 0.3: passed after two.
    const second = await nextJson(b);
    expect(second.item!.id).not.toBe(first.item!.id);
    const a2 = await answer(b, second.item!.id, { softLabel: [0.9, 0.1] });
    expect(a2.json.feedback).toMatchObject({ answered: 2, outcome: "passed" });
    expect((a2.json.feedback as { runningBrier: number }).runningBrier).toBeCloseTo(0.26, 12);
    expect((await nextJson(b)).kind).toBe("item");
    const p = await prisma.participant.findFirstOrThrow({ where: { studyId: study.id } });
    expect(p.status).toBe("LABELLING");
    expect(await prisma.studyResponse.count({ where: { participantId: p.id } })).toBe(2);
  });

  test("those who miss the criterion within the practice limit are thanked, paid the base rate and leave", async () => {
    const { study, owner } = await studyOf(
      {},
      { real: 2 },
      {
        quota: 1,
        baseRate: 1.25,
        failedTrainingCode: "THANKS",
        practice: PRACTICE,
        training: { criterion: 0.3, minItems: 2, maxItems: 3 },
      },
    );
    const b = await arrive(study, "pid-fail");
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const n = await nextJson(b);
      expect(n.kind).toBe("practice");
      const res = await answer(b, n.item!.id, { softLabel: [0, 1] });
      outcomes.push((res.json.feedback as { outcome: string }).outcome);
      if (i === 2) expect(res.json.completion).toMatchObject({ status: "FAILED_TRAINING", code: "THANKS" });
    }
    expect(outcomes).toEqual(["continue", "continue", "failed"]);
    expect((await nextJson(b)).completion?.code).toBe("THANKS");
    const pay = await call(paymentsRoute.GET, {
      url: `http://localhost/api/v1/studies/${study.id}/payments?format=json`,
      params: { id: study.id },
      headers: owner.auth,
    });
    expect(pay.json).toMatchObject([{ participantId: "pid-fail", status: "FAILED_TRAINING", base: 1.25, bonus: 0 }]);
  });
});

describe("attention checks and hardness", () => {
  test("attention checks come at their rate, failures are recorded; practice and attention never enter measures", async () => {
    const { study, project, prisma, owner } = await studyOf(
      { k: 3 },
      { real: 2 },
      {
        quota: 2,
        attentionRate: 0.5,
        attention: ATTENTION,
        practice: PRACTICE.slice(0, 2),
        training: { criterion: 2, minItems: 1, maxItems: 2 },
      },
    );
    // The practice labels point the other way from the real ones, so any that leaked would move the pooled label.
    const kinds: string[] = [];
    const label = [0.6, 0.2, 0.1, 0.1];
    for (const pid of ["pid-att-1", "pid-att-2"]) {
      const b = await arrive(study, pid);
      for (let i = 0; i < 10; i++) {
        const n = await nextJson(b);
        kinds.push(n.kind);
        if (n.kind === "done") break;
        const values =
          n.kind === "practice"
            ? [0.01, 0.99]
            : n.kind === "attention"
              ? // The first participant follows the instruction, the second does not.
                certain(pid === "pid-att-1" ? ATTENTION.findIndex((a) => a.question === n.item!.question) + 1 : 0)
              : label;
        expect((await answer(b, n.item!.id, { softLabel: values })).status).toBe(200);
      }
    }
    // Per participant: practice (passed at once with criterion 2), then items with every second one an attention check.
    const one = ["practice", "item", "attention", "item", "done"];
    expect(kinds).toEqual([...one, ...one]);
    const pay = await call(paymentsRoute.GET, {
      url: `http://localhost/api/v1/studies/${study.id}/payments`,
      params: { id: study.id },
      headers: owner.auth,
    });
    expect(
      (pay.json as unknown as { attentionFailures: number; attentionChecks: number }[]).map((r) => [
        r.attentionChecks,
        r.attentionFailures,
      ]),
    ).toEqual([
      [1, 0],
      [1, 1],
    ]);
    const dash = await call(studyRoute.GET, { params: { id: study.id }, headers: owner.auth });
    expect(dash.json.counts).toMatchObject({ started: 2, finished: 2, attentionFailures: 1, inTraining: 0 });
    // The hardness table holds the project's two items only, each with the two real labels and their mean.
    const table = await hardnessTable(prisma, project.id);
    const items = await prisma.item.findMany({ where: { projectId: project.id }, select: { id: true } });
    expect([...table.itemIds].sort()).toEqual(items.map((i) => i.id).sort());
    expect(Array.from(table.annotations)).toEqual([2, 2]);
    for (const pooled of table.pooledLabel) {
      expect(Array.from(pooled!)).toEqual(label.map((x) => expect.closeTo(x, 12)));
    }
    expect(await prisma.annotation.count({ where: { projectId: project.id } })).toBe(4);
  });
});

describe("payments", () => {
  test("the bulk bonus CSV equals a hand computation of the quadratic rule on known labels", async () => {
    // Two gold items served first (gold rate 1): g00000 has answer 2, g00001 answer 3 (queue-fixtures: row index mod 4).
    const { study, owner } = await studyOf(
      { k: 5, goldRate: 1 },
      { real: 2, gold: 2 },
      { quota: 3, maxBonus: 0.5, baseRate: 2 },
    );
    const labels: Record<string, Record<string, number[]>> = {
      "pid-pay-1": { "Question g00000": [0.1, 0.1, 0.7, 0.1], "Question g00001": [0.25, 0.25, 0.25, 0.25] },
      "pid-pay-2": { "Question g00000": [1, 0, 0, 0], "Question g00001": [0, 0, 0, 1] },
    };
    for (const [pid, byQuestion] of Object.entries(labels)) {
      const b = await arrive(study, pid);
      await labelToEnd(b, (item) => byQuestion[(item as unknown as { question: string }).question] ?? certain(0));
    }
    // pid-pay-1: Brier 0.3^2 + 3 x 0.1^2 = 0.12 -> 0.5 x (1 - 0.06) = 0.47; Brier 3 x 0.0625 + 0.5625 = 0.75 ->
    //   0.5 x (1 - 0.375) = 0.3125; total 0.7825 -> 0.78.
    // pid-pay-2: Brier 1 + 1 = 2 -> 0; Brier 0 -> 0.5; total 0.50.
    const csv = await call(paymentsRoute.GET, {
      url: `http://localhost/api/v1/studies/${study.id}/payments?format=csv`,
      params: { id: study.id },
      headers: owner.auth,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(csv.json).toBe("pid-pay-1,0.78\npid-pay-2,0.50\n");
    const json = await call(paymentsRoute.GET, {
      url: `http://localhost/api/v1/studies/${study.id}/payments?format=json`,
      params: { id: study.id },
      headers: owner.auth,
    });
    expect(json.json).toMatchObject([
      { participantId: "pid-pay-1", platform: "prolific", items: 3, goldItems: 2, base: 2, bonus: 0.78 },
      { participantId: "pid-pay-2", items: 3, goldItems: 2, base: 2, bonus: 0.5 },
    ]);
    const dash = await call(studyRoute.GET, { params: { id: study.id }, headers: owner.auth });
    expect(dash.json.counts).toMatchObject({ bonusTotal: 1.28, baseTotal: 4 });
  });
});

describe("security", () => {
  test("a study cookie reaches only its own study and no researcher endpoint; closed links take no one new", async () => {
    const { study, project, owner, prisma } = await studyOf({}, { real: 3 }, { quota: 3 });
    const other = await studyOf({}, { real: 3 }, { quota: 3 });
    const b = await arrive(study, "pid-sec");
    // The cookie presented to another study: no session there.
    const elsewhere = { ...b, study: other.study };
    expect((await next(elsewhere)).status).toBe(401);
    // An item of another project, or a real item not leased to the participant, cannot be answered.
    const foreign = await other.prisma.item.findFirstOrThrow({ where: { projectId: other.project.id } });
    expect((await answer(b, foreign.id, { softLabel: certain(0) })).status).toBe(404);
    const notLeased = await prisma.item.findFirstOrThrow({ where: { projectId: project.id } });
    expect((await answer(b, notLeased.id, { softLabel: certain(0) })).status).toBe(409);
    // That researcher endpoints refuse the study cookie needs a real server: tests/e2e/study.test.ts.
    // A forged cookie is refused; a cross-site POST with the real one too.
    const forged = { ...b, cookie: b.cookie!.replace(/.$/, (c) => (c === "A" ? "B" : "A")) };
    expect((await next(forged)).status).toBe(401);
    // Closing the link: nobody new gets in, those inside finish.
    const closed = await call(studyRoute.PATCH, {
      method: "PATCH",
      params: { id: study.id },
      headers: owner.auth,
      body: { closed: true },
    });
    expect(closed.json.closed).toBe(true);
    expect((await enter(browser(study), { PROLIFIC_PID: "pid-late" })).status).toBe(410);
    expect((await nextJson(b)).kind).toBe("item");
  });

  test("participant requests are rate limited per participant", async () => {
    const { study } = await studyOf({}, { real: 1 }, { quota: 1 });
    const b = await arrive(study, "pid-rate");
    const statuses: number[] = [];
    for (let i = 0; i < 130; i++) statuses.push((await state(b)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.slice(0, 100).every((s) => s === 200)).toBe(true);
  });
});
