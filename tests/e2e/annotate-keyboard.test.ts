import { expect, test } from "vitest";
import type { Page } from "playwright-core";
import { db, makeProject, makeUser } from "../helpers/db";
import { demoProject } from "../helpers/demo";
import { appAndBrowser, collectErrors, screenshot, screenshotDir, signIn } from "../helpers/e2e";

/*
 * The annotation form from the keyboard (issue 14): the keystroke budget on the demo project, and one test per
 * defect found in the walk-through (each failed before its fix).
 */
const env = appAndBrowser();

type Annotator = Awaited<ReturnType<typeof makeUser>>;

async function annotatorOf(projectId: string): Promise<Annotator> {
  const user = await makeUser();
  await (await db()).membership.create({ data: { projectId, userId: user.id, role: "ANNOTATOR" } });
  return user;
}

async function openForm(page: Page, slug: string, user: Annotator) {
  await signIn(page, env.app.baseUrl, user.email!, "password123");
  await page.goto(`${env.app.baseUrl}/projects/${slug}/annotate`);
  await page.locator(".question-text").first().waitFor();
}

/** Presses Tab until the element matching `selector` has focus: the way a keyboard user gets there. */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

/** Counts every key that reaches the page (keydown, repeats excluded), as Chromium delivers them. */
async function countKeys(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __keys: number };
    w.__keys = 0;
    window.addEventListener("keydown", (e) => void (e.repeat || w.__keys++), true);
  });
}
const keysSoFar = (page: Page) => page.evaluate(() => (window as unknown as { __keys: number }).__keys);
const resetKeys = (page: Page) => page.evaluate(() => void ((window as unknown as { __keys: number }).__keys = 0));

async function press(page: Page, keys: string[]) {
  for (const k of keys) await page.keyboard.press(k);
}

async function items(projectId: string, rows: { question: string; choices?: string[]; gold?: boolean }[]) {
  await (
    await db()
  ).item.createMany({
    data: rows.map((r, i) => ({
      projectId,
      externalId: `item-${i + 1}`,
      question: r.question,
      choices: r.choices ?? ["alpha", "beta", "gamma", "delta"],
      answerIndex: r.choices?.length === 0 ? null : 1,
      answerText: r.choices?.length === 0 ? "42" : null,
      isGold: r.gold ?? false,
    })),
  });
}

test("keystroke budget on the demo project: two-option soft label ≤ 12, one-hot ≤ 6, free response ≤ 10, no mouse", async () => {
  const project = await demoProject();
  const user = await annotatorOf(project.id);
  const prisma = await db();
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = collectErrors(page);
  await countKeys(page);
  await openForm(page, project.slug, user);

  // The labels typed, key by key: h + two digits splits A/B; then grade 8, steps 3, difficulty 2, Bloom 3; Enter.
  const plans = {
    split: ["h", "1", "2", "8", "3", "2", "3", "Enter"],
    oneHot: ["2", "8", "3", "2", "3", "Enter"],
    free: ["1", "8", "Enter", "8", "8", "3", "2", "3", "Enter"],
  };
  const budget = { split: 12, oneHot: 6, free: 10 };
  const counted = new Map<keyof typeof plans, number>();
  let previous = "";
  for (let n = 0; n < 60 && counted.size < 3; n++) {
    await expect.poll(async () => (await page.locator(".question-text").first().innerText()) !== previous).toBe(true);
    previous = await page.locator(".question-text").first().innerText();
    await expect.poll(() => focusedId(page)).toMatch(/^(soft-label-keys|answer)$/);
    const free = (await focusedId(page)) === "answer";
    const kind: keyof typeof plans = free ? "free" : counted.has("split") ? "oneHot" : "split";
    await resetKeys(page);
    await press(page, plans[kind].slice(0, -1));
    if (kind === "split") {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `${screenshotDir}/annotate-form-1280.png` });
      await screenshot(page, "annotate-form-1280-full");
    }
    await page.keyboard.press("Enter");
    const keys = await keysSoFar(page);
    if (!counted.has(kind)) counted.set(kind, keys);
    // A check question shows its feedback first: Enter goes on (not part of the label).
    const feedback = page.locator(".gold-feedback");
    await expect
      .poll(
        async () =>
          (await feedback.count()) > 0 || (await page.locator(".question-text").first().innerText()) !== previous,
      )
      .toBe(true);
    if (await feedback.count()) {
      await page.keyboard.press("Enter");
      await feedback.waitFor({ state: "detached" });
    }
  }
  console.log(
    `keystrokes per label (demo project, Chromium): multiple choice, 4 ratings, weight on two options ${counted.get("split")}; ` +
      `one-hot ${counted.get("oneHot")}; free response ${counted.get("free")} (budgets 12 / 6 / 10)`,
  );
  for (const kind of ["split", "oneHot", "free"] as const) expect(counted.get(kind)).toBeLessThanOrEqual(budget[kind]);

  const stored = await prisma.annotation.findMany({
    where: { annotatorId: user.id },
    orderBy: { createdAt: "asc" },
    include: { item: { select: { choices: true } } },
  });
  const choice = stored.filter((a) => a.item.choices.length > 0);
  expect(choice[0]).toMatchObject({ gradeLevel: 8, steps: 3, difficulty: 2, bloom: 3 });
  expect(choice[0].softLabel).toEqual([0.5, 0.5, ...Array(choice[0].item.choices.length - 2).fill(0)]);
  expect(choice[1].softLabel[1]).toBe(1);
  expect(stored.find((a) => a.item.choices.length === 0)).toMatchObject({ answer: "18", confidence: 0.8, steps: 3 });
  expect(errors.filter((e) => !/\?_rsc=/.test(e))).toEqual([]);
});

test("defect 1: a digit on the difficulty sets the difficulty, and letters or digits on other controls never rewrite the soft label", async () => {
  const owner = await makeUser();
  const project = await makeProject(owner.id, { goldRate: 0 });
  await items(project.id, [{ question: "Which?" }]);
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await openForm(page, project.slug, await annotatorOf(project.id));
  const shares = () =>
    page.locator(".share-number").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));

  await tabTo(page, 'input[name="difficulty"]');
  await page.keyboard.press("2");
  expect(await page.locator('input[name="difficulty"]:checked').inputValue()).toBe("2");
  expect(await shares()).toEqual(["0", "0", "0", "0"]);
  await tabTo(page, 'button[aria-label="One step more"]');
  for (const k of ["c", "3", "a"]) await page.keyboard.press(k);
  await tabTo(page, 'input[name="bloom"]');
  await page.keyboard.press("4");
  expect(await page.locator('input[name="bloom"]:checked').inputValue()).toBe("4");
  expect(await shares()).toEqual(["0", "0", "0", "0"]);
});

test("defect 2: the form keeps the question's line breaks and shows $$...$$ as display math, like the item page", async () => {
  const owner = await makeUser();
  const project = await makeProject(owner.id, { goldRate: 0 });
  const question = "Which are polymers?\nI. DNA\nII. Protein\nIII. RNA\n\nEnergy: $$E = mc^2$$";
  await items(project.id, [{ question }]);
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await openForm(page, project.slug, await annotatorOf(project.id));
  const text = page.locator(".question .question-text");
  expect(await text.innerText()).toMatch(/Which are polymers\?\nI\. DNA\nII\. Protein\nIII\. RNA/);
  expect(await text.locator(".katex-display").count()).toBe(1);

  const item = await (await db()).item.findFirstOrThrow({ where: { projectId: project.id } });
  const researcher = await env.browser.newPage();
  await signIn(researcher, env.app.baseUrl, owner.email!, "password123");
  await researcher.goto(`${env.app.baseUrl}/projects/${project.slug}/items/${item.id}`);
  const shown = researcher.locator(".question-text");
  expect(await shown.innerText()).toBe(await text.innerText());
  expect(await shown.locator(".katex-display").count()).toBe(1);
});

test("defect 3: Enter on the guidelines toggle opens them and submits nothing", async () => {
  const owner = await makeUser();
  const project = await makeProject(owner.id, { goldRate: 0 });
  const prisma = await db();
  await prisma.project.update({ where: { id: project.id }, data: { instructions: "Read **carefully**." } });
  await items(project.id, [{ question: "Which?" }]);
  const page = await env.browser.newPage({ viewport: { width: 900, height: 900 } });
  await openForm(page, project.slug, await annotatorOf(project.id));
  // Shift+Tab from the options (where the form starts) reaches the toggle above the item.
  for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement?.matches(".guidelines-toggle"))); i++)
    await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Guidelines" }).waitFor();
  expect(await page.locator(".guidelines").innerText()).toMatch(/Read carefully/);
  expect(await page.locator("form[aria-label=Annotation] [role=alert]").count()).toBe(0);
  // The next keys go where the annotator sends them: o to the options, then 3 puts 100% on C.
  await press(page, ["o", "3"]);
  expect(await page.locator("#share-2").inputValue()).toBe("100");
  expect(await prisma.annotation.count({ where: { projectId: project.id } })).toBe(0);
});

test("going back: Backspace revises earlier items of the session, one further each time, within the window", async () => {
  const owner = await makeUser();
  const project = await makeProject(owner.id, { goldRate: 0, revisionWindowMinutes: 30 });
  await items(
    project.id,
    [1, 2, 3, 4].map((n) => ({ question: `Question number ${n}` })),
  );
  const prisma = await db();
  const user = await annotatorOf(project.id);
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await openForm(page, project.slug, user);
  // A slow history answer must not let Backspace reach an older item than the one just answered.
  await page.route("**/annotations/history", async (route) => {
    await new Promise((r) => setTimeout(r, 500));
    await route.continue();
  });
  const asked: string[] = [];
  for (const option of ["1", "2", "3"]) {
    const q = await page.locator(".question-text").innerText();
    asked.push(q);
    // Steps "2" could become 20: the "1" after it cannot, so it goes on to the difficulty.
    await press(page, [option, "5", "2", "1", "1", "Enter"]);
    await expect.poll(() => page.locator(".question-text").innerText()).not.toBe(q);
  }
  const current = await page.locator(".question-text").innerText();
  await page.keyboard.press("Backspace");
  await page.getByText("Revising your previous answer").waitFor();
  expect(await page.locator(".question-text").innerText()).toBe(asked[2]);
  await page.keyboard.press("Backspace");
  await page.getByText("Revising your answer from 2 items ago").waitFor();
  expect(await page.locator(".question-text").innerText()).toBe(asked[1]);
  expect(await page.locator("#share-1").inputValue()).toBe("100");
  await press(page, ["4", "Enter"]);
  await page.getByText("Your earlier answer was revised.").waitFor();
  expect(await page.locator(".question-text").innerText()).toBe(current);

  const second = await prisma.annotation.findMany({
    where: { annotatorId: user.id, item: { question: asked[1] } },
    orderBy: { createdAt: "asc" },
  });
  expect(second.map((a) => [a.softLabel, a.supersededAt === null])).toEqual([
    [[0, 1, 0, 0], false],
    [[0, 0, 0, 1], true],
  ]);
});

test("mobile 390 x 844: a header of at most 64 px, targets of at least 44 px, submit in reach, no key hints", async () => {
  const owner = await makeUser();
  const project = await makeProject(owner.id, { goldRate: 0 });
  await items(project.id, [{ question: "Which of these is a noble gas?\nPick one." }]);
  const user = await annotatorOf(project.id);
  const context = await env.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  const page = await context.newPage();
  await openForm(page, project.slug, user);
  expect((await page.locator(".topbar").boundingBox())!.height).toBeLessThanOrEqual(64);
  const submit = (await page.getByRole("button", { name: "Submit" }).boundingBox())!;
  expect(submit.y + submit.height).toBeLessThanOrEqual(844);
  expect(submit.height).toBeGreaterThanOrEqual(44);
  const small = await page
    .locator(
      ".annotate button:visible, .annotate select:visible, .annotate input[type=number]:visible, .annotate .radio",
    )
    .evaluateAll((els) =>
      els.flatMap((e) => {
        const r = e.getBoundingClientRect();
        return r.height < 44 ? [`${e.tagName} ${e.textContent?.trim().slice(0, 20)} ${r.height}`] : [];
      }),
    );
  expect(small).toEqual([]);
  expect(await page.locator(".key-hint:visible, .cheat-sheet:visible").count()).toBe(0);
  // The question is in view when the form opens (the first field takes the focus without scrolling the page).
  expect((await page.locator(".question-text").boundingBox())!.y).toBeGreaterThan(0);
  await page.screenshot({ path: `${screenshotDir}/annotate-form-390.png` });
  // Further down, after choosing B (viewport shots: a full-page shot resizes the viewport and drops touch emulation).
  await press(page, ["2"]);
  await page.evaluate(() => window.scrollTo(0, 700));
  await page.screenshot({ path: `${screenshotDir}/annotate-form-390-scrolled.png` });
  await context.close();
});

test("gold feedback repeats the question, shows both answers, bounds the log loss and draws the Brier trend", async () => {
  const owner = await makeUser();
  const fields = { gradeLevel: false, bloom: false, steps: false, difficulty: false, softLabel: true };
  const project = await makeProject(owner.id, { goldRate: 1, fields });
  await items(project.id, [
    { question: "First check: which is beta?", gold: true },
    { question: "Second check: which is beta?", gold: true },
  ]);
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await openForm(page, project.slug, await annotatorOf(project.id));
  const first = await page.locator(".question-text").innerText();
  // A confident miss: 100% on A, the answer is B.
  await press(page, ["1", "Enter"]);
  const card = page.locator(".gold-feedback");
  await card.waitFor();
  const text = await card.innerText();
  expect(text).toContain(first);
  expect(text).toMatch(/Your answer\s*A 100%/);
  expect(text).toMatch(/Right answer\s*B\.\s*beta/);
  expect(text).toMatch(/log loss\)? over 4\.6/);
  expect(text).not.toMatch(/27\.6/);
  await page.keyboard.press("Enter");
  await expect.poll(() => page.locator(".question-text").innerText()).not.toBe(first);
  await press(page, ["2", "Enter"]);
  await card.waitFor();
  expect(await card.locator(".brier-trend svg").count()).toBe(1);
  expect(await card.innerText()).toMatch(/Brier over your last 2 check questions.*getting better/);
  // A miss (Brier 2) then a hit (0): the line falls to the bottom line, where 0 is drawn.
  const ys = (await card.locator(".trend-line").getAttribute("points"))!.split(" ").map((p) => Number(p.split(",")[1]));
  const axis = Number(await card.locator(".trend-axis").getAttribute("y1"));
  expect(ys[1]).toBeGreaterThan(ys[0]);
  expect(ys[1]).toBe(axis);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, "annotate-gold-feedback-trend");
});

test("smaller defects: no items yet, readable Enter hint, an unset confidence says so, messages in words", async () => {
  const owner = await makeUser();
  const empty = await makeProject(owner.id, { goldRate: 0 });
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, env.app.baseUrl, (await annotatorOf(empty.id)).email!, "password123");
  await page.goto(`${env.app.baseUrl}/projects/${empty.slug}/annotate`);
  await page.getByText("No items to label yet").waitFor();
  expect(await page.getByText("Nothing left to label").count()).toBe(0);

  const project = await makeProject(owner.id, { goldRate: 0 });
  await items(project.id, [{ question: "What is 6 times 7?", choices: [] }]);
  const other = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await openForm(other, project.slug, await annotatorOf(project.id));

  // Contrast of the Enter hint on the blue button, from the colours Chromium computes (WCAG AA: 4.5).
  const contrast = await other.evaluate(() => {
    const kbd = document.querySelector(".btn.primary kbd")!;
    const canvas = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
    const rgba = (css: string) => {
      canvas.clearRect(0, 0, 1, 1);
      canvas.fillStyle = css;
      canvas.fillRect(0, 0, 1, 1);
      return Array.from(canvas.getImageData(0, 0, 1, 1).data);
    };
    const [br, bg, bb] = rgba(getComputedStyle(kbd.parentElement!).backgroundColor);
    const [kr, kg, kb, ka] = rgba(getComputedStyle(kbd).backgroundColor);
    const mix = (k: number, b: number) => (k * ka + b * (255 - ka)) / 255;
    const back = [mix(kr, br), mix(kg, bg), mix(kb, bb)];
    const fore = rgba(getComputedStyle(kbd).color).slice(0, 3);
    const lum = (c: number[]) =>
      c
        .map((v) => v / 255)
        .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const [hi, lo] = [lum(fore), lum(back)].sort((a, b) => b - a);
    return (hi + 0.05) / (lo + 0.05);
  });
  expect(contrast).toBeGreaterThanOrEqual(4.5);

  expect(await other.locator("label[for=confidence]").innerText()).toMatch(/not set/);
  expect(await other.locator("label[for=confidence]").innerText()).not.toMatch(/\d+%/);
  expect(await other.locator("#confidence").getAttribute("aria-valuetext")).toBe("not set");
  expect(await other.locator("#confidence").getAttribute("class")).toMatch(/unset/);

  // Submitting with nothing filled in, and a step count typed out of range: every message is in words.
  await other.locator("#steps").fill("0");
  await other.getByRole("button", { name: "Submit" }).click();
  const messages = await other.locator("form[aria-label=Annotation] .error").allInnerTexts();
  expect(messages).toEqual(
    expect.arrayContaining([
      "Write your answer",
      "Give your confidence",
      "Reasoning steps is a whole number from 1 to 20",
    ]),
  );
  for (const m of messages) expect(m).not.toMatch(/expected|too small|too big|invalid input/i);
});
