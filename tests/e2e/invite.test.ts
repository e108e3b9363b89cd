import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import type { Browser } from "playwright-core";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { AppServer } from "../../bench/_server";
import { db, makeProject, makeUser, unique } from "../helpers/db";
import { collectErrors, launchBrowser, screenshot, signIn, startApp } from "../helpers/e2e";

/** The app runs with SMTP_URL pointing at this server, which keeps what it receives. */
const inbox: string[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onData(stream, _session, callback) {
    let raw = "";
    stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    stream.on("end", () => {
      inbox.push(raw);
      callback();
    });
  },
});
let app: AppServer;
let browser: Browser;

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  [app, browser] = await Promise.all([startApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: "Hardlab <lab@example.org>" }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
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

  await expect.poll(() => inbox.length).toBe(1);
  const mail = await simpleParser(inbox[0]);
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
