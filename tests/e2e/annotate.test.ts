import { expect, test } from "vitest";
import type { Page } from "playwright-core";
import { db, makeProject, makeUser } from "../helpers/db";
import { appAndBrowser, collectErrors, screenshot, signIn } from "../helpers/e2e";

const env = appAndBrowser();

/** Presses Tab until the element matching `selector` has focus: the way a keyboard user gets there. */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Fills the ratings with the keyboard only: grade by arrows, steps typed, first difficulty and Bloom level by Space. */
async function rateWithKeyboard(page: Page) {
  await tabTo(page, "#gradeLevel");
  for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowDown");
  await tabTo(page, "#steps");
  await page.keyboard.type("3");
  await tabTo(page, 'input[name="difficulty"]');
  await page.keyboard.press("Space");
  await tabTo(page, 'input[name="bloom"]');
  await page.keyboard.press("Space");
}

const question = (page: Page) => page.locator(".question-text").innerText();

test("an annotator labels three items with the keyboard only, sees gold feedback, flags and skips one, and a reload keeps the draft", async () => {
  const owner = await makeUser();
  const annotator = await makeUser();
  const project = await makeProject(owner.id, { k: 3, goldRate: 1 });
  const prisma = await db();
  await prisma.project.update({
    where: { id: project.id },
    data: { instructions: "Rate **each** question. Energy: $E = mc^2$." },
  });
  await prisma.membership.create({ data: { projectId: project.id, userId: annotator.id, role: "ANNOTATOR" } });
  const choices = ["$1$", "$2$", "$3$", "$4$"];
  await prisma.item.createMany({
    data: [
      {
        projectId: project.id,
        externalId: "gold",
        question: "What is $\\sqrt{4}$?",
        choices,
        answerIndex: 1,
        answerText: "$2$",
        isGold: true,
      },
      ...[1, 2, 3].map((n) => ({
        projectId: project.id,
        externalId: `real${n}`,
        question: `Real question ${n}: what is $${n} \\times 1$?`,
        choices,
        answerIndex: n - 1,
      })),
    ],
  });

  const page = await env.browser.newPage();
  const errors = collectErrors(page);
  await signIn(page, env.app.baseUrl, annotator.email!, "password123");
  await page.goto(`${env.app.baseUrl}/projects/${project.slug}/annotate`);
  await page.locator(".question-text").waitFor();
  expect(await page.locator(".question-text .katex").count()).toBeGreaterThan(0);

  // Item 1 is the gold item (goldRate 1): put 100% on B with the "2" key, rate, submit with Enter.
  expect(await question(page)).toContain("What is");
  await page.keyboard.press("2");
  expect(await page.locator("#share-1").inputValue()).toBe("100");
  await rateWithKeyboard(page);
  await screenshot(page, "annotate-filled");
  await page.keyboard.press("Enter");
  await page.getByText("this was a check question").waitFor();
  expect(await page.locator(".gold-feedback").innerText()).toMatch(/Brier score 0\.00/);
  await screenshot(page, "annotate-gold-feedback");
  // Continue has the focus: Enter goes on to the next item.
  await page.keyboard.press("Enter");
  await page.getByText(/Real question/).waitFor();

  // A real item flagged (F) and skipped (S) with the keyboard.
  const flagged = await question(page);
  await page.keyboard.press("f");
  await page.keyboard.type("Option D is missing its text");
  await page.keyboard.press("Enter");
  await page.getByText(/Flagged for the researchers/).waitFor();
  await page.keyboard.press("x");
  // The dialog opens with the focus on its default reason ("don't know"); two steps up is "unclear".
  await expect
    .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value))
    .toBe("dont_know");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Enter");
  await expect.poll(() => question(page), { timeout: 10_000 }).not.toBe(flagged);
  const skipped = await prisma.assignment.findFirstOrThrow({
    where: { annotatorId: annotator.id, status: "SKIPPED" },
    include: { item: true },
  });
  expect(skipped).toMatchObject({ skipReason: "unclear", flagComment: "Option D is missing its text" });
  expect(`Real question ${skipped.item.externalId.slice(4)}`).toBe(flagged.split(":")[0]);

  // Item 2: 100% on C.
  const second = await question(page);
  await page.keyboard.press("3");
  expect(await page.locator("#share-2").inputValue()).toBe("100");
  await rateWithKeyboard(page);
  await page.keyboard.press("Enter");
  await expect.poll(() => question(page), { timeout: 10_000 }).not.toBe(second);

  // Item 3: half done, then the page reloads; the same item comes back with the draft.
  const third = await question(page);
  await page.keyboard.press("4");
  await tabTo(page, "#gradeLevel");
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
  const grade = await page.locator("#gradeLevel").inputValue();
  expect(grade).toBe("2");
  await page.reload();
  await page.locator(".question-text").waitFor();
  expect(await question(page)).toBe(third);
  expect(await page.locator("#share-3").inputValue()).toBe("100");
  expect(await page.locator("#gradeLevel").inputValue()).toBe(grade);
  await screenshot(page, "annotate-draft-restored");
  await tabTo(page, "#steps");
  await page.keyboard.type("2");
  await tabTo(page, 'input[name="difficulty"]');
  await page.keyboard.press("Space");
  await tabTo(page, 'input[name="bloom"]');
  await page.keyboard.press("Space");
  await page.keyboard.press("Enter");
  await page.getByText("Nothing left to label").waitFor();

  const stored = await prisma.annotation.findMany({
    where: { annotatorId: annotator.id },
    include: { item: true },
    orderBy: { createdAt: "asc" },
  });
  expect(stored.map((a) => a.item.externalId)).toEqual([
    "gold",
    expect.stringMatching(/^real/),
    expect.stringMatching(/^real/),
  ]);
  expect(stored.map((a) => a.softLabel)).toEqual([
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ]);
  expect(stored[0]).toMatchObject({ gradeLevel: 5, steps: 3, difficulty: 1, bloom: 1 });
  expect(stored[2]).toMatchObject({ gradeLevel: 2, steps: 2 });
  for (const a of stored) expect(a.durationMs).toBeGreaterThan(0);

  // The last answer is revised from the keyboard: the form comes back filled in; "1" moves the label to A.
  await tabTo(page, "button.go-back");
  await page.keyboard.press("Enter");
  await page.getByText(/Revising your previous answer/).waitFor();
  expect(await page.locator("#share-3").inputValue()).toBe("100");
  expect(await page.locator("#gradeLevel").inputValue()).toBe("2");
  await page.keyboard.press("1");
  await page.keyboard.press("Enter");
  await page.getByText("Your earlier answer was revised.").waitFor();
  const history = await prisma.annotation.findMany({
    where: { itemId: stored[2].itemId, annotatorId: annotator.id },
    orderBy: { createdAt: "asc" },
  });
  expect(history.map((a) => [a.softLabel, a.supersededAt === null])).toEqual([
    [[0, 0, 0, 1], false],
    [[1, 0, 0, 0], true],
  ]);
  // Prefetches of navigation links to pages other issues are still building (404 on ?_rsc=) are not this page's errors.
  expect(errors.filter((e) => !/\?_rsc=/.test(e))).toEqual([]);

  // The annotator home lists the project with the calibration chart.
  await page.goto(`${env.app.baseUrl}/me`);
  await page.getByRole("heading", { name: "My calibration" }).waitFor();
  expect(await page.getByText("You labelled").innerText()).toMatch(/You labelled 3 items/);
  await screenshot(page, "annotator-home");
});
