/**
 * `npm run bench -- labelling [labels]`: a scripted annotator in Chromium labels the demo project by keyboard, as a
 * fast crowd worker would, against `next start` on a throwaway server database. Prints the median seconds and the
 * keystrokes per label (every keydown Chromium delivers, counted in the page), beside a baseline measured in the same
 * run: the same kind of labels entered with Tab, arrows and typing only (what the form offered before its shortcuts).
 * Labels: multiple choice with four ratings and 100% on one option or half on two; free response with an answer and a
 * confidence. Target (issue 14): at most a third of the baseline's keystrokes. Needs a production build.
 */
import { chromium, type Page } from "playwright-core";
import { createBenchDatabase } from "./_pg";
import { startServer } from "../tests/helpers/server";

const LABELS = Number(process.argv[2] ?? 50);
const BASELINE_LABELS = Math.max(5, Math.round(LABELS / 5));
const database = await createBenchDatabase("hardlab_bench_labelling");
process.env.DATABASE_URL = database.url;
process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret";

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** A seeded generator (mulberry32), so every run types the same labels. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const keys = (page: Page) => page.evaluate(() => (window as unknown as { __keys: number }).__keys);
const resetKeys = (page: Page) => page.evaluate(() => void ((window as unknown as { __keys: number }).__keys = 0));
const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 120; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

type Label = { free: boolean; options: number[]; grade: number; steps: number; difficulty: number; bloom: number };

/** With the form's keys: a digit per option (h + two digits for half and half), one or two digits per rating. */
async function typeWithShortcuts(page: Page, l: Label) {
  const press = (k: string) => page.keyboard.press(k);
  // A value another digit could extend (grade 1, steps 1 or 2) waits for the form to move on by itself.
  const digits = async (value: number, max: number) => {
    for (const d of String(value)) await press(d);
    if (value > 0 && value * 10 <= max) await page.waitForTimeout(850);
  };
  if (l.free) {
    for (const d of "42") await press(d);
    await press("Enter");
    await press("8");
  } else if (l.options.length === 1) await press(String(l.options[0] + 1));
  else for (const k of ["h", String(l.options[0] + 1), String(l.options[1] + 1)]) await press(k);
  await digits(l.grade, 14);
  await digits(l.steps, 20);
  await press(String(l.difficulty));
  await press(String(l.bloom));
  await press("Enter");
}

/** Without them: Tab to each control, type or arrow to the value, Space on radios, Enter to submit. */
async function typeWithTabs(page: Page, l: Label) {
  const press = (k: string) => page.keyboard.press(k);
  if (l.free) {
    await tabTo(page, "#answer");
    await page.keyboard.type("42");
    await tabTo(page, "input[aria-label='Confidence, percent']");
    await page.keyboard.type("80");
  } else {
    for (const o of l.options) {
      await tabTo(page, `#share-${o}`);
      await page.keyboard.type(String(Math.round(100 / l.options.length)));
    }
  }
  await tabTo(page, "#gradeLevel");
  for (let i = 0; i <= l.grade; i++) await press("ArrowDown");
  await tabTo(page, "#steps");
  await page.keyboard.type(String(l.steps));
  if (l.steps > 0 && l.steps * 10 <= 20) await page.waitForTimeout(850);
  await tabTo(page, 'input[name="difficulty"]');
  await press("Space");
  for (let i = 1; i < l.difficulty; i++) await press("ArrowDown");
  await tabTo(page, 'input[name="bloom"]');
  await press("Space");
  for (let i = 1; i < l.bloom; i++) await press("ArrowDown");
  await press("Enter");
}

async function label(page: Page, n: number, random: () => number, type: (p: Page, l: Label) => Promise<void>) {
  const times: number[] = [];
  const counts: number[] = [];
  const kinds = { oneHot: 0, split: 0, free: 0 };
  let previous = "";
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await page.waitForFunction(
      (prev) => {
        const q = document.querySelector(".question-text")?.textContent ?? "";
        const id = document.activeElement?.id;
        if (document.querySelector(".empty")) throw new Error("the demo project ran out of items");
        return q !== prev && (id === "soft-label-keys" || id === "answer");
      },
      previous,
      { timeout: 30_000 },
    );
    previous = (await page.locator(".question-text").first().textContent()) ?? "";
    const free = (await focused(page)) === "answer";
    const k = free ? 0 : await page.locator(".share-number").count();
    const a = Math.floor(random() * k);
    const split = !free && random() < 0.5;
    const l: Label = {
      free,
      options: split ? [a, (a + 1 + Math.floor(random() * (k - 1))) % k] : [a],
      grade: 1 + Math.floor(random() * 12),
      steps: 1 + Math.floor(random() * 6),
      difficulty: 1 + Math.floor(random() * 3),
      bloom: 1 + Math.floor(random() * 6),
    };
    kinds[free ? "free" : split ? "split" : "oneHot"]++;
    await resetKeys(page);
    await type(page, l);
    counts.push(await keys(page));
    // A check question's feedback: Enter goes on (not part of the label).
    await page
      .waitForFunction(
        (prev) =>
          !!document.querySelector(".gold-feedback") ||
          (document.querySelector(".question-text")?.textContent ?? "") !== prev ||
          !!document.querySelector(".empty"),
        previous,
        { timeout: 15_000 },
      )
      .catch(async (e) => {
        const shown = await page.locator("form [role=alert]").allInnerTexts();
        throw new Error(`label ${JSON.stringify(l)} was not accepted: ${shown.join("; ")}`, { cause: e });
      });
    times.push((performance.now() - started) / 1000);
    if (await page.locator(".gold-feedback").count()) {
      await page.keyboard.press("Enter");
      await page.locator(".gold-feedback").waitFor({ state: "detached" });
    }
  }
  return { times, counts, kinds };
}

let server: Awaited<ReturnType<typeof startServer>> | undefined;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
try {
  const { db, disconnectDb } = await import("@/lib/db");
  const { seedDemo } = await import("@/lib/demo/seed");
  const { createUser } = await import("@/lib/auth/users");
  const prisma = await db();
  await seedDemo(prisma);
  const seeded = await prisma.project.findUniqueOrThrow({ where: { slug: "demo" } });
  // Most demo items already have their k = 3 labels; k = 10 keeps every item open for both scripted annotators.
  const project = await prisma.project.update({
    where: { id: seeded.id },
    data: { settings: { ...(seeded.settings as Record<string, unknown>), k: 10 } },
  });
  server = await startServer({ DATABASE_URL: database.url });

  const run = async (name: string, n: number, type: (p: Page, l: Label) => Promise<void>) => {
    const email = `${name}@bench.example.org`;
    const user = await createUser(prisma, { email, password: "password123" });
    await prisma.membership.create({ data: { projectId: project.id, userId: user.id, role: "ANNOTATOR" } });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(() => {
      const w = window as unknown as { __keys: number };
      w.__keys = 0;
      window.addEventListener("keydown", (e) => void (e.repeat || w.__keys++), true);
    });
    await page.goto(`${server!.baseUrl}/signin`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("password123");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
    await page.goto(`${server!.baseUrl}/projects/demo/annotate`);
    const result = await label(page, n, rng(20261204), type);
    await page.close();
    return result;
  };

  const base = await run("tabs", BASELINE_LABELS, typeWithTabs);
  const fast = await run("shortcuts", LABELS, typeWithShortcuts);
  const line = (name: string, r: typeof fast) =>
    `${name.padEnd(24)} labels ${String(r.counts.length).padStart(3)} (one-hot ${r.kinds.oneHot}, two options ${r.kinds.split}, free ${r.kinds.free})  ` +
    `median ${median(r.times).toFixed(2)} s/label  keystrokes/label median ${median(r.counts)} mean ${mean(r.counts).toFixed(1)} max ${Math.max(...r.counts)}`;
  console.log(line("baseline: Tab and arrows", base));
  console.log(line("shortcuts", fast));
  console.log(
    `ratio shortcuts / baseline: keystrokes ${(mean(fast.counts) / mean(base.counts)).toFixed(2)} (target ≤ 0.33), ` +
      `seconds ${(median(fast.times) / median(base.times)).toFixed(2)}`,
  );
  await disconnectDb();
} finally {
  await browser.close();
  await server?.stop();
  await database.drop();
}
