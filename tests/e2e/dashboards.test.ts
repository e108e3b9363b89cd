import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { db, makeUser } from "../helpers/db";
import { collectErrors, launchBrowser, screenshot, signIn, startApp } from "../helpers/e2e";
import { demoProject } from "../helpers/demo";
import { DEMO_SLUG } from "@/lib/demo/seed";

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let researcher: Awaited<ReturnType<typeof makeUser>>;

/** The demo project with a fresh researcher of our own. */
async function demoResearcher() {
  const project = await demoProject();
  researcher = await makeUser();
  await (await db()).membership.create({ data: { projectId: project.id, userId: researcher.id, role: "RESEARCHER" } });
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser(), demoResearcher()]);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test("every dashboard page of the demo project renders its charts without console errors", async () => {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = collectErrors(page);
  await signIn(page, app.baseUrl, researcher.email!, "password123");
  const base = `${app.baseUrl}/projects/${DEMO_SLUG}`;

  await page.goto(`${base}/hardness`);
  await page.locator("table.hardness-table tbody tr").first().waitFor();
  expect(await page.locator("table.hardness-table tbody tr").count()).toBe(50);
  await page.getByRole("link", { name: /Bloom \(mean\)/ }).click();
  await page.waitForURL(/sort=bloomMean/);
  await screenshot(page, "dashboards-hardness");

  await page.goto(`${base}/correlations`);
  const cell = page.locator('[role="gridcell"][tabindex="0"]').first();
  await cell.waitFor();
  await cell.click();
  await page.locator(".scatter-marginals .recharts-scatter").waitFor();
  expect(await page.locator(".scatter-marginals .recharts-scatter-symbol").count()).toBeGreaterThan(10);
  await screenshot(page, "dashboards-correlations");

  await page.goto(`${base}/entropy`);
  await page.locator(".chart-frame .recharts-bar-rectangle").first().waitFor();
  expect(await page.locator(".chart-frame").count()).toBeGreaterThanOrEqual(2);
  await screenshot(page, "dashboards-entropy");

  await page.goto(`${base}/quality`);
  await page.locator(".chart-frame .recharts-line").first().waitFor();
  await page.getByRole("heading", { name: "Annotators", exact: true }).waitFor();
  expect(await page.locator("table tbody tr").count()).toBeGreaterThan(0);
  await screenshot(page, "dashboards-quality");

  await page.goto(`${base}/progress`);
  await page.locator(".chart-frame .recharts-bar-rectangle").first().waitFor();
  await page.locator(".chart-frame .recharts-line").first().waitFor();
  await screenshot(page, "dashboards-progress");

  // Download buttons are wired: the CSV of a chart arrives as a file.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: /data of Items by number of current labels as CSV/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${DEMO_SLUG}-items-by-labels.csv`);

  // The project tabs prefetch every page; a 404 prefetch of a page another issue has not shipped yet is not ours.
  const mine = /\/(hardness|correlations|entropy|quality|progress)\b/;
  expect(errors.filter((e) => !/status of 404.*_rsc=/.test(e) || mine.test(e))).toEqual([]);
}, 180_000);
