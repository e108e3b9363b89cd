import { simpleParser } from "mailparser";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { AppServer } from "../helpers/server";
import { db, makeProject, makeUser, unique } from "../helpers/db";
import { collectErrors, launchBrowser, screenshot, signIn, startApp } from "../helpers/e2e";
import { startSmtpServer } from "../helpers/smtp";

/** The app runs with SMTP_URL pointing at a local SMTP server, which keeps what it receives. */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let app: AppServer;
let browser: Browser;

beforeAll(async () => {
  smtp = await startSmtpServer();
  [app, browser] = await Promise.all([
    startApp({ SMTP_URL: smtp.url, MAIL_FROM: "Hardlab <lab@example.org>" }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await smtp?.stop();
});

test("an owner invites by email; the invitee registers from the emailed link and joins as annotator", async () => {
  const owner = await makeUser();
  const project = await makeProject(owner.id);
  const invitee = `${unique("invitee")}@example.org`;

  const page = await browser.newPage();
  const errors = collectErrors(page);
  await signIn(page, app.baseUrl, owner.email, "password123");
  await page.goto(`${app.baseUrl}/projects/${project.slug}/settings`);
  await page.getByLabel("Invite by email or link").fill(invitee);
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await page.getByText(`Invitation emailed to ${invitee}`).waitFor();
  await screenshot(page, "invite-emailed");

  await expect.poll(() => smtp.received.length).toBe(1);
  const mail = await simpleParser(smtp.received[0].raw);
  expect(mail.to && "text" in mail.to ? mail.to.text : "").toBe(invitee);
  const link = /https?:\/\/\S+\/invite\/[\w-]+/.exec(mail.text ?? "")?.[0];
  expect(link).toBe(await page.getByLabel(/The link, in case it does not arrive/).inputValue());

  const guest = await browser.newContext();
  const guestPage = await guest.newPage();
  const guestErrors = collectErrors(guestPage);
  await guestPage.goto(link!);
  await guestPage.getByText(/You are invited to/).waitFor();
  await guestPage.getByLabel("Name").fill("Invited Annotator");
  expect(await guestPage.getByLabel("Email").inputValue()).toBe(invitee); // bound to the invite, read-only
  await guestPage.getByLabel("Password").fill("correct horse battery");
  await guestPage.getByRole("button", { name: "Create account" }).click();
  await guestPage.waitForURL("**/projects");
  const prisma = await db();
  const membership = await prisma.membership.findFirst({ where: { projectId: project.id, user: { email: invitee } } });
  expect(membership?.role).toBe("ANNOTATOR");
  expect([...errors, ...guestErrors]).toEqual([]);
  await guest.close();
});
