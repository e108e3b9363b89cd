import { expect, test } from "vitest";
import { unique } from "../helpers/db";
import { appAndBrowser, collectErrors, screenshot } from "../helpers/e2e";
import { fixturePath } from "@/tests/helpers/fixtures";

const env = appAndBrowser();

test("register, create a project, upload the MMLU file and see the items", async () => {
  const page = await env.browser.newPage();
  const errors = collectErrors(page);
  const email = `${unique("e2e")}@example.org`;
  await page.goto(`${env.app.baseUrl}/register`);
  await page.getByLabel("Name").fill("E2E Researcher");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/projects");
  await page.getByRole("link", { name: "New project" }).click();
  const slug = unique("mmlu");
  await page.getByLabel("Name").fill("MMLU physics");
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("button", { name: "Create project" }).click();
  await page.waitForURL(`**/projects/${slug}/import`);

  await page.getByLabel("Format").selectOption("mmlu-csv");
  await page.getByLabel("File", { exact: true }).setInputFiles(fixturePath("mmlu_stem5/college_physics_test.csv"));
  await expect.poll(() => page.getByText(/Parsed 102 rows/).count(), { timeout: 15_000 }).toBe(1);
  await screenshot(page, "import-preview");
  await page.getByRole("button", { name: /^Import/ }).click();
  await page.getByText(/Imported: 102 new/).waitFor({ timeout: 30_000 });

  await page.getByRole("link", { name: "See the items" }).click();
  await page.waitForURL(`**/projects/${slug}/items`);
  await expect.poll(() => page.locator("tbody tr").count()).toBe(50);
  await page.getByText("102 items in the project").waitFor();
  await screenshot(page, "items");
  await page.getByRole("link", { name: "Next page" }).click();
  await expect.poll(() => page.locator("tbody tr").count()).toBe(50);
  expect(errors).toEqual([]);
});
