import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { db, makeProject, makeUser } from "../helpers/db";
import { appAndBrowser, collectErrors, screenshot, signIn } from "../helpers/e2e";
import { createStudy as createStudyRequest } from "../helpers/study";

const env = appAndBrowser();

const SOFT_LABEL_ONLY = { gradeLevel: false, bloom: false, steps: false, difficulty: false, softLabel: true };

test("a Prolific participant consents, trains, labels the quota and lands on the completion URL; the researcher downloads the bonus CSV", async () => {
  const owner = await makeUser();
  const project = await makeProject(owner.id, { k: 3, goldRate: 1, fields: SOFT_LABEL_ONLY });
  const prisma = await db();
  const choices = ["red", "green", "blue", "grey"];
  await prisma.item.createMany({
    data: [
      {
        projectId: project.id,
        externalId: "gold",
        question: "Gold: which is red?",
        choices,
        answerIndex: 0,
        isGold: true,
      },
      ...[1, 2, 3].map((n) => ({
        projectId: project.id,
        externalId: `real${n}`,
        question: `Real question ${n}`,
        choices,
        answerIndex: 0,
      })),
    ],
  });
  const completionUrl = `${env.app.baseUrl}/api/health?cc={code}`;
  const study = await createStudyRequest(project.slug, owner.auth, {
    quota: 3,
    completionUrl,
    completionCode: "E2EDONE",
    consentText: "You agree to **label questions** for science.",
    instructions: "Give a probability to each option.",
    maxBonus: 1,
    baseRate: 2,
    practice: [0, 1].map((i) => ({
      question: `Practice ${i}: is the sky blue on a clear day?`,
      choices: ["yes", "no"],
      answerIndex: 0,
      explanation: "Rayleigh scattering.",
    })),
    training: { criterion: 0.5, minItems: 2, maxItems: 2 },
  });
  // The helper called the route in-process; the link the participant opens is the running app's.
  const link = `${env.app.baseUrl}/s/${study.key}?PROLIFIC_PID=E2EPID&STUDY_ID=st1&SESSION_ID=se1`;

  const participant = await env.browser.newContext();
  const page = await participant.newPage();
  const errors = collectErrors(page);
  await page.goto(link);
  await page.getByRole("heading", { name: "Consent" }).waitFor();
  expect(await page.locator("strong", { hasText: "label questions" }).count()).toBe(1);
  await page.getByLabel(/agree to take part/).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("heading", { name: "Instructions" }).waitFor();
  expect(await page.getByText(/reporting exactly how likely you think each option is/).count()).toBe(1);
  await screenshot(page, "study-instructions");
  await page.getByRole("button", { name: "Start" }).click();

  // Practice: all on "yes" (key 1), feedback with the right answer and the Brier score, then on.
  for (let i = 0; i < 2; i++) {
    await page.locator(".question-text", { hasText: "Practice" }).waitFor();
    await page.keyboard.press("1");
    await page.getByRole("button", { name: /Submit/ }).click();
    await page.getByText("Right answer:").waitFor();
    expect(await page.locator(".gold-feedback").innerText()).toMatch(/Brier score on this question: 0\.00/);
    if (i === 0) await screenshot(page, "study-practice-feedback");
    await page.getByRole("button", { name: i === 0 ? "Next practice question" : "Start the study" }).click();
  }

  // The quota of 3: the gold item first (gold rate 1), then real ones; the last answer redirects.
  for (let i = 0; i < 3; i++) {
    await page.getByText(`Question ${i + 1} of 3`).waitFor();
    await page.keyboard.press("1");
    await page.getByRole("button", { name: /Submit/ }).click();
  }
  await page.waitForURL((u) => u.searchParams.get("cc") === "E2EDONE");
  expect(errors).toEqual([]);

  // Participant sessions cannot call researcher endpoints, over HTTP with the real cookie.
  const cookies = await participant.cookies(env.app.baseUrl);
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  expect(cookies.some((c) => c.name === `hardlab_study_${study.id}` && c.httpOnly)).toBe(true);
  for (const path of [`/api/v1/studies/${study.id}`, `/api/v1/studies/${study.id}/payments`, `/api/v1/projects`]) {
    expect((await fetch(`${env.app.baseUrl}${path}`, { headers: { cookie } })).status, path).toBe(401);
  }
  expect(
    (await fetch(`${env.app.baseUrl}/projects/${project.slug}/studies`, { headers: { cookie }, redirect: "manual" }))
      .status,
  ).toBe(307);
  await participant.close();

  // The researcher: dashboard, then the bulk bonus CSV (gold labelled with all on the right answer: 1 x (1 - 0/2)).
  const researcher = await env.browser.newContext({ acceptDownloads: true });
  const rpage = await researcher.newPage();
  await signIn(rpage, env.app.baseUrl, owner.email!, "password123");
  await rpage.goto(`${env.app.baseUrl}/projects/${project.slug}/studies`);
  await rpage.getByRole("cell", { name: /E2EPID/ }).waitFor();
  await screenshot(rpage, "study-dashboard");
  const [download] = await Promise.all([
    rpage.waitForEvent("download"),
    rpage.getByRole("link", { name: "Download bonuses (Prolific CSV)" }).click(),
  ]);
  expect(readFileSync((await download.path())!, "utf8")).toBe("E2EPID,1.00\n");
  await researcher.close();

  const stored = await prisma.participant.findFirstOrThrow({ where: { studyId: study.id } });
  expect(stored).toMatchObject({
    platform: "prolific",
    platformPid: "E2EPID",
    platformStudyId: "st1",
    status: "COMPLETED",
  });
  expect(stored.consentedAt).not.toBeNull();
});

test("a researcher creates a study in the browser, edits its quota and closes its link", async () => {
  const owner = await makeUser();
  const project = await makeProject(owner.id, { k: 3, fields: SOFT_LABEL_ONLY });
  const prisma = await db();
  await prisma.item.createMany({
    data: [1, 2, 3].map((n) => ({
      projectId: project.id,
      externalId: `ui${n}`,
      question: `UI question ${n}`,
      choices: ["a", "b"],
      answerIndex: 0,
    })),
  });
  const context = await env.browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.app.baseUrl });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await signIn(page, env.app.baseUrl, owner.email!, "password123");
  await page.goto(`${env.app.baseUrl}/projects/${project.slug}/studies`);
  await page.getByText("No studies yet").waitFor();

  // A bad quota first: the error is next to the field and nothing is created.
  const create = page.getByRole("form", { name: "New study" });
  await create.getByLabel("Name").fill("Pilot study");
  await create.getByLabel("Items per participant").fill("0");
  await create.getByLabel("Completion code").fill("PILOT-DONE");
  await create.getByLabel("Consent text (Markdown)").fill("I agree to **label questions**.");
  await create.getByRole("button", { name: "Create the study" }).click();
  await create.getByText("A quota of at least 1 item").waitFor();
  expect(await create.getByLabel("Items per participant").getAttribute("aria-invalid")).toBe("true");
  expect(await prisma.study.count({ where: { projectId: project.id } })).toBe(0);

  // Valid values, one practice item written in the form, the keyboard to submit: the link is shown and copies.
  await create.getByRole("button", { name: "Add a practice item" }).click();
  await create.getByLabel("Question (Markdown)").fill("Is the sky blue on a clear day?");
  await create.getByLabel("Choices, one a line").fill("no\n\nyes\n");
  await create.getByLabel("Right answer").selectOption({ label: "2. yes" });
  await create.getByLabel("Explanation (Markdown)").fill("Rayleigh scattering.");
  await create.getByLabel("Minimum practice items").fill("1");
  await create.getByLabel("Maximum practice items").fill("1");
  await create.getByLabel("Items per participant").fill("2");
  await create.getByLabel("Maximum bonus per gold item").fill("0.5");
  await create.getByLabel("Items per participant").press("Enter");
  const link = create.getByLabel("Public link of the new study");
  await link.waitFor();
  const study = await prisma.study.findFirstOrThrow({ where: { projectId: project.id } });
  expect(await link.inputValue()).toBe(`${env.app.baseUrl}/s/${study.key}`);
  expect(study).toMatchObject({ name: "Pilot study", consentText: "I agree to **label questions**." });
  expect(study.settings).toMatchObject({ quota: 2, maxBonus: 0.5, completionCode: "PILOT-DONE", currency: "GBP" });
  expect(await prisma.studyItem.findMany({ where: { studyId: study.id } })).toMatchObject([
    {
      kind: "PRACTICE",
      question: "Is the sky blue on a clear day?",
      choices: ["no", "yes"],
      answerIndex: 1,
      explanation: "Rayleigh scattering.",
    },
  ]);
  // The form is cleared for the next study.
  expect(await create.getByLabel("Name").inputValue()).toBe("");
  expect(await create.getByRole("button", { name: "Add a practice item" }).count()).toBe(1);
  expect(await create.getByLabel("Choices, one a line").count()).toBe(0);
  await create.getByRole("button", { name: "Copy link" }).click();
  await create.getByText("Copied").waitFor();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${env.app.baseUrl}/s/${study.key}`);
  await screenshot(page, "study-created");

  // A Prolific participant opens it and lands on the consent page.
  const participant = await env.browser.newContext();
  const ppage = await participant.newPage();
  await ppage.goto(`${await link.inputValue()}?PROLIFIC_PID=UIPID&STUDY_ID=st&SESSION_ID=se`);
  await ppage.getByRole("heading", { name: "Consent" }).waitFor();
  expect(await ppage.locator("strong", { hasText: "label questions" }).count()).toBe(1);

  // Edit the quota: the participant has started, so the pay is shown but fixed.
  await page.reload();
  await page.getByText("Edit the settings of Pilot study").click();
  const edit = page.getByRole("form", { name: "Edit study" });
  await edit.getByText("1 participant has started").waitFor();
  expect(await edit.getByLabel("Maximum bonus per gold item").isDisabled()).toBe(true);
  await edit.getByLabel("Items per participant").fill("5");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await edit.getByText("Saved.").waitFor();
  const edited = await prisma.study.findUniqueOrThrow({ where: { id: study.id } });
  expect(edited.settings).toMatchObject({ quota: 5, maxBonus: 0.5 });
  await page.getByText("Quota 5 items").waitFor();
  await screenshot(page, "study-edit");

  // Close the link after confirming; a new participant is then told the study is closed.
  await page.getByRole("button", { name: "Close the link" }).click();
  const dialog = page.getByRole("dialog", { name: "Close the link of “Pilot study”?" });
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await page.getByRole("button", { name: "Open the link again" }).waitFor();
  expect((await prisma.study.findUniqueOrThrow({ where: { id: study.id } })).closedAt).not.toBeNull();
  const late = await participant.newPage();
  await late.goto(`${env.app.baseUrl}/s/${study.key}?PROLIFIC_PID=LATEPID`);
  await late.getByText("This study is closed and takes no new participants").waitFor();
  expect(errors).toEqual([]);
  await participant.close();
  await context.close();
});
