import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { call, db, makeProject, makeUser, unique } from "../helpers/db";
import { collectErrors, launchBrowser, screenshot, signIn, startApp } from "../helpers/e2e";
import { demoProject } from "../helpers/demo";
import { DEMO_SLUG } from "@/lib/demo/seed";
import * as itemsRoute from "@/app/api/v1/projects/[slug]/items/route";
import { saveSplit } from "@/lib/splits/store";

/**
 * Issue 14, researcher side: each test here failed before its fix (items 4, 5, 8, 14; the server-side items 6, 7 and
 * the 410 of deleted splits are in tests/integration/research-admin.test.ts).
 */

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
type User = Awaited<ReturnType<typeof makeUser>>;
let researcher: User;
let owner: User;
let admin: User;
let slug: string;
let projectId: string;

/** The demo project with a fresh researcher of our own. */
async function demoResearcher() {
  const demo = await demoProject();
  researcher = await makeUser();
  await (await db()).membership.create({ data: { projectId: demo.id, userId: researcher.id, role: "RESEARCHER" } });
}

/** A small project of our own: ids that sort differently as text and as numbers, two of them gold. */
async function ownProject() {
  owner = await makeUser();
  admin = await makeUser({ admin: true });
  const project = await makeProject(owner.id);
  slug = project.slug;
  projectId = project.id;
  const prisma = await db();
  const ids = ["biology-10", "biology-2", "biology-1", "biology-21", "biology-3", "chemistry-1", "chemistry-12"];
  const rows = ids.map((id, i) =>
    JSON.stringify({
      id,
      question: `Question ${id}: which option is right, and why would a student hesitate here?`,
      choices: ["alpha", "beta", "gamma", "delta"],
      answer: i % 4,
      source: "mmlu",
      subject: id.split("-")[0],
      gold: i < 2,
      metadata: { steps: 1 + (i % 5) },
    }),
  );
  const res = await call(itemsRoute.POST, {
    method: "POST",
    url: `http://localhost/api/v1/projects/${slug}/items?format=jsonl`,
    params: { slug },
    headers: owner.auth,
    raw: rows.join("\n") + "\n",
  });
  if (res.status !== 200) throw new Error(JSON.stringify(res.json));
  await prisma.membership.create({ data: { projectId: project.id, userId: researcher.id, role: "RESEARCHER" } });
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser(), demoResearcher().then(ownProject)]);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function pageAs(user: User, options: Parameters<Browser["newContext"]>[0] = {}) {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page: Page = await context.newPage();
  const errors = collectErrors(page);
  await signIn(page, app.baseUrl, user.email!, "password123");
  return { page, errors, context };
}

describe("hardness table (item 14)", () => {
  test("ids sort naturally, and the item and sorted columns stay in view when the table scrolls", async () => {
    const { page, errors, context } = await pageAs(researcher);
    await page.goto(`${app.baseUrl}/projects/${slug}/hardness?sort=externalId&dir=asc`);
    const ids = await page.locator("table.hardness-table tbody tr td:first-child").allTextContents();
    expect(ids).toEqual([
      "biology-1",
      "biology-2",
      "biology-3",
      "biology-10",
      "biology-21",
      "chemistry-1",
      "chemistry-12",
    ]);
    expect(await page.getByText("sorted by item id (ascending)").count()).toBe(1);

    // Sort by a measure: its column comes right after the item column, and says so in words.
    await page.goto(`${app.baseUrl}/projects/${slug}/hardness?sort=questionWords&dir=desc`);
    const headers = await page.locator("table.hardness-table thead th").allTextContents();
    expect(headers[0]).toBe("Item");
    expect(headers[1]).toMatch(/^Question words ▼$/);
    expect(await page.getByText(/sorted by Question words \(descending\)/).count()).toBe(1);

    // A narrow window scrolls the table sideways; the two first columns keep their place. The page must be
    // hydrated and laid out at the new width before measuring: a box read mid-render is null.
    await page.setViewportSize({ width: 700, height: 800 });
    await page.waitForLoadState("networkidle");
    const wrap = page.locator(".table-wrap").first();
    const row = page.locator("table.hardness-table tbody tr").first();
    const cells = [row.locator("td").nth(0), row.locator("td").nth(1), row.locator("td").last()];
    const xs = async () => {
      const boxes = await Promise.all(cells.map((c) => c.boundingBox()));
      return boxes.every((b) => b !== null) ? boxes.map((b) => b!.x) : null;
    };
    await expect.poll(xs).not.toBeNull();
    const before = (await xs())!;
    const scrolled = await wrap.evaluate((el) => {
      el.scrollLeft = 600;
      return el.scrollLeft;
    });
    expect(scrolled).toBeGreaterThan(100);
    // The other measures scroll under the two sticky columns, which stay where they were.
    await expect.poll(async () => (await xs())?.[2]).toBeLessThan(before[2] - scrolled + 2);
    const after = (await xs())!;
    expect(Math.abs(after[0] - before[0])).toBeLessThan(2);
    expect(Math.abs(after[1] - before[1])).toBeLessThan(2);
    expect(errors).toEqual([]);
    await screenshot(page, "research-hardness-scrolled");
    await context.close();
  });
});

describe("saved splits (item 14)", () => {
  test("a saved split shows its recipe and can be deleted after confirming; its export then answers 410", async () => {
    const prisma = await db();
    const name = unique("held-out");
    const saved = await saveSplit(prisma, projectId, null, {
      name,
      recipe: {
        kind: "weak-label",
        labelSource: "gold",
        testFraction: 0.25,
        seed: 3,
        minAnnotations: 0,
        stratify: [],
        validationFraction: 0,
      },
    });
    const { page, errors, context } = await pageAs(researcher);
    await page.goto(`${app.baseUrl}/projects/${slug}/splits`);
    await page.waitForLoadState("networkidle");
    const section = page.getByRole("region", { name: `Split ${name}` });
    await section.waitFor();
    expect(await section.getByText("Weak labels: 25% held out for test · train on gold answers · seed 3").count()).toBe(
      1,
    );
    await screenshot(page, "research-splits");

    await section.getByRole("button", { name: `Delete ${name} v1` }).click();
    const dialog = page.getByRole("dialog", { name: `Delete ${name} v1?` });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await prisma.split.count({ where: { id: saved.id, deletedAt: null } })).toBe(1);

    await section.getByRole("button", { name: `Delete ${name} v1` }).click();
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await section.waitFor({ state: "detached" });
    const exported = await page.request.get(`${app.baseUrl}/api/v1/splits/${saved.id}/export?format=jsonl`);
    expect(exported.status()).toBe(410);
    expect((await prisma.auditLog.findMany({ where: { action: "splits.delete", projectId } })).length).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("dates (item 5)", () => {
  test("one date format for one day across pages, in the reader's locale", async () => {
    const prisma = await db();
    const rater = await prisma.user.findUniqueOrThrow({ where: { id: owner.id } });
    const item = await prisma.item.findFirstOrThrow({ where: { projectId } });
    await prisma.annotation.create({
      data: { projectId, itemId: item.id, annotatorId: rater.id, clientId: unique("c"), softLabel: [1, 0, 0, 0] },
    });
    await saveSplit(prisma, projectId, null, {
      name: unique("dated"),
      recipe: {
        kind: "weak-label",
        labelSource: "gold",
        testFraction: 0.25,
        seed: 0,
        minAnnotations: 0,
        stratify: [],
        validationFraction: 0,
      },
    });
    const { page, context } = await pageAs(admin, { locale: "de-DE", timezoneId: "Europe/Berlin" });
    const german = /^\d{2}\.\d{2}\.\d{4}(, \d{2}:\d{2})?$/;
    await page.goto(`${app.baseUrl}/admin`);
    const since = page.getByRole("table", { name: "Accounts" }).locator("tbody tr td:nth-child(6)").first();
    await expect.poll(() => since.textContent()).toMatch(german);
    const when = page.getByRole("table", { name: "Audit log" }).locator("tbody tr td:first-child").first();
    await expect.poll(() => when.textContent()).toMatch(german);
    await screenshot(page, "research-admin-de");

    await page.goto(`${app.baseUrl}/projects/${slug}/progress`);
    const last = page.getByRole("table", { name: "Annotators" }).locator("tbody tr td:nth-child(6)").first();
    await expect.poll(() => last.textContent()).toMatch(german);

    await page.goto(`${app.baseUrl}/projects/${slug}/splits`);
    const created = page.locator("table tbody tr td:nth-child(7)").first();
    await expect.poll(() => created.textContent()).toMatch(german);
    await context.close();
  });
});

describe("smaller defects (item 8)", () => {
  test("a researcher opening settings is told why and leases nothing", async () => {
    const { page, context } = await pageAs(researcher);
    await page.goto(`${app.baseUrl}/projects/${slug}/settings`);
    await page.waitForURL(new RegExp(`/projects/${slug}\\?denied=owner$`));
    const reason = page.getByRole("alert").filter({ hasText: "Only the project's owners can open that page." });
    await reason.waitFor();
    expect(await reason.count()).toBe(1);
    expect(await (await db()).assignment.count({ where: { annotatorId: researcher.id } })).toBe(0);
    await context.close();
  });

  test("an empty file is an error, not a successful import; problem rows are counted in words", async () => {
    const { page, context } = await pageAs(owner);
    await page.goto(`${app.baseUrl}/projects/${slug}/import`);
    await page.waitForLoadState("networkidle");
    await page
      .locator("#file")
      .setInputFiles({ name: "empty.jsonl", mimeType: "application/json", buffer: Buffer.from("") });
    await page.getByText("The file holds no rows").first().waitFor();
    await page.getByRole("button", { name: /^Import/ }).click();
    await page.getByText(/Nothing was imported/).waitFor();
    expect(await page.getByRole("status").filter({ hasText: "Imported:" }).count()).toBe(0);

    const oneBad = [JSON.stringify({ id: "x1", question: "Fine?" }), JSON.stringify({ id: "x2" })].join("\n");
    await page
      .locator("#file")
      .setInputFiles({ name: "bad.jsonl", mimeType: "application/json", buffer: Buffer.from(oneBad) });
    await page.getByText("1 problem row in the preview:").waitFor();
    await screenshot(page, "research-import-problem-row");
    await context.close();
  });

  test("form errors are written for people, not as validator output", async () => {
    const { page, context } = await pageAs(owner);
    await page.goto(`${app.baseUrl}/projects/${slug}/settings`);
    // Interact only once the form is hydrated: a click before that submits the plain HTML form.
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Lease (minutes)").fill("0");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Enter a number of at least 1").waitFor();
    expect(await page.getByText(/Too small|expected number/).count()).toBe(0);
    await context.close();
  });

  test("the quality page's Gold column counts labels on gold items only", async () => {
    const prisma = await db();
    const rater = await prisma.user.create({ data: { external: true, name: unique("gold-rater") } });
    const items = await prisma.item.findMany({ where: { projectId }, orderBy: { externalId: "asc" } });
    // Labels on every item: two of the seven are gold, all seven have an answer key.
    await prisma.annotation.createMany({
      data: items.map((it, i) => ({
        projectId,
        itemId: it.id,
        annotatorId: rater.id,
        clientId: `g${i}`,
        softLabel: [0.7, 0.1, 0.1, 0.1],
      })),
    });
    const { page, context } = await pageAs(researcher);
    await page.goto(`${app.baseUrl}/projects/${slug}/quality`);
    const table = page.getByRole("table", { name: "Annotators" });
    const row = table.locator("tbody tr").filter({ hasText: rater.name! });
    await row.waitFor();
    const headers = await table.locator("thead th").allTextContents();
    const cells = await row.locator("td").allTextContents();
    expect(cells[headers.indexOf("Labels")]).toBe("7");
    expect(cells[headers.indexOf("Gold")]).toBe("2");
    expect(cells[headers.indexOf("Scored")]).toBe("7");
    await context.close();
  });
});

describe("charts (items 4 and 8)", () => {
  test("scatter ticks keep their digits, the side histogram stops at the x axis", async () => {
    const { page, context } = await pageAs(researcher);
    await page.goto(`${app.baseUrl}/projects/${DEMO_SLUG}/correlations`);
    // Normalized entropy lies in [0, 1]: its axis has quarter ticks, which one decimal misread (0.25 as "0.3").
    const cell = page.locator('[role="gridcell"][aria-label^="Normalized entropy and Difficulty (mean)"]');
    await cell.waitFor();
    await cell.click();
    await page.locator(".scatter-marginals .recharts-scatter-symbol").first().waitFor();
    for (const axis of ["xAxis", "yAxis"]) {
      // Recharts 3 draws tick labels in a layer of their own, named after the axis.
      const labels = page.locator(`.marginal-main .recharts-${axis}-tick-labels .recharts-cartesian-axis-tick-value`);
      const ticks = (await labels.allTextContents()).map(Number);
      expect(ticks.length).toBeGreaterThan(2);
      // Evenly spaced labels: a tick rounded past its step (0.25 → 0.3) breaks the spacing.
      const steps = ticks.slice(1).map((t, i) => t - ticks[i]);
      for (const s of steps) expect(Math.abs(s - steps[0])).toBeLessThan(1e-9);
    }
    const axisLines = await page
      .locator(".marginal-main .recharts-cartesian-axis-line")
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    const xAxisY = axisLines.find((r) => r.width > r.height)!.top;
    const bars = await page
      .locator(".marginal-side .recharts-bar-rectangle")
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().bottom));
    expect(bars.length).toBeGreaterThan(0);
    expect(Math.max(...bars)).toBeLessThanOrEqual(xAxisY + 1);
    await screenshot(page, "research-scatter");
    await context.close();
  });

  test("the reliability legend does not cover the plot", async () => {
    const { page, context } = await pageAs(researcher);
    await page.goto(`${app.baseUrl}/projects/${DEMO_SLUG}/quality`);
    const frames = page.locator(".chart-frame").filter({ hasText: "Reliability per annotator" });
    await frames.locator(".recharts-line").first().waitFor();
    const plot = (await frames.locator(".recharts-cartesian-grid").first().boundingBox())!;
    const legends = await frames
      .locator(".chart-legend, .recharts-legend-wrapper")
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    expect(legends.length).toBeGreaterThan(0);
    for (const l of legends) {
      const overlaps =
        l.left < plot.x + plot.width && plot.x < l.right && l.top < plot.y + plot.height && plot.y < l.bottom;
      expect(overlaps).toBe(false);
    }
    await screenshot(page, "research-quality");
    await context.close();
  });
});
