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
