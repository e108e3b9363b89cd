import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { simpleParser } from "mailparser";
import { startSmtpServer } from "../helpers/smtp";

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let received: Awaited<ReturnType<typeof startSmtpServer>>["received"];

beforeAll(async () => {
  smtp = await startSmtpServer();
  received = smtp.received;
  // Read by lib/env when the app's modules load, which the imports below do for the first time.
  process.env.SMTP_URL = smtp.url;
  process.env.MAIL_FROM = "Hardlab test <hardlab@example.org>";
});
afterAll(() => smtp.stop());

const app = async () => ({
  ...(await import("../helpers/db")),
  invites: await import("@/app/api/v1/projects/[slug]/invites/route"),
  accept: await import("@/app/api/v1/invites/[token]/route"),
});

describe("invitations by email", () => {
  test("an invite with an email is sent there; the emailed link lets that address join", async () => {
    const { call, makeUser, makeProject, invites, accept, db } = await app();
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    const invitee = await makeUser();
    const res = await call(invites.POST, {
      method: "POST",
      params: { slug: project.slug },
      headers: owner.auth,
      body: { email: invitee.email, role: "ANNOTATOR" },
    });
    expect(res.status).toBe(201);
    expect(res.json.emailed).toEqual({ sent: true });
    const mail = received.find((m) => m.to.includes(invitee.email));
    expect(mail).toBeDefined();
    const parsed = await simpleParser(mail!.raw);
    expect(parsed.from?.text).toBe('"Hardlab test" <hardlab@example.org>');
    expect(parsed.subject).toBe(`Invitation to "${project.name}" on Hardlab`);
    const text = parsed.text ?? "";
    expect(text).toContain(res.json.url as string);
    expect(text).toContain("as an annotator");

    const token = /\/invite\/([\w-]+)/.exec(text)![1];
    const joined = await call(accept.POST, { method: "POST", params: { token }, headers: invitee.auth });
    expect(joined.status).toBe(200);
    const prisma = await db();
    expect(
      await prisma.membership.findUnique({
        where: { projectId_userId: { projectId: project.id, userId: invitee.id } },
      }),
    ).toMatchObject({ role: "ANNOTATOR" });
  });

  test("a refused address leaves a working link and says why; a link without email sends nothing", async () => {
    const { call, makeUser, makeProject, invites } = await app();
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    const before = received.length;
    const refused = await call(invites.POST, {
      method: "POST",
      params: { slug: project.slug },
      headers: owner.auth,
      body: { email: "refused@example.org" },
    });
    expect(refused.status).toBe(201);
    expect(refused.json.emailed).toMatchObject({
      sent: false,
      reason: expect.stringMatching(/did not accept it.*mailbox unavailable/),
    });
    expect(refused.json.url).toMatch(/\/invite\//);
    const link = await call(invites.POST, {
      method: "POST",
      params: { slug: project.slug },
      headers: owner.auth,
      body: {},
    });
    expect(link.status).toBe(201);
    expect(link.json.emailed).toBeNull();
    expect(received.length).toBe(before);
  });

  test("only owners invite", async () => {
    const { call, makeUser, makeProject, invites, db } = await app();
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    const researcher = await makeUser();
    const prisma = await db();
    await prisma.membership.create({ data: { projectId: project.id, userId: researcher.id, role: "RESEARCHER" } });
    const before = received.length;
    const res = await call(invites.POST, {
      method: "POST",
      params: { slug: project.slug },
      headers: researcher.auth,
      body: { email: "someone@example.org" },
    });
    expect(res.status).toBe(403);
    expect(received.length).toBe(before);
  });
});
