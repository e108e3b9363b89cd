import { describe, expect, test } from "vitest";
import { inviteMessage, sendInviteMail } from "@/lib/auth/invite-mail";

const mail = {
  to: "a@example.org",
  projectName: "Hard\r\nBcc: evil@example.org",
  role: "RESEARCHER" as const,
  url: "https://lab.example/invite/abc",
  expiresAt: new Date("2027-01-02T10:00:00Z"),
  invitedBy: "Ada\nLovelace",
};

describe("invite email", () => {
  test("plain text on one-line headers: names cannot add a header", () => {
    const message = inviteMessage(mail);
    expect(message.subject).toBe('Invitation to "Hard Bcc: evil@example.org" on Hardlab');
    expect(message.subject).not.toMatch(/[\r\n]/);
    expect(message.text).toContain("Ada Lovelace invited you");
    expect(message.text).toContain("as a researcher");
    expect(message.text).toContain("https://lab.example/invite/abc");
    expect(message.text).toContain("expires on 2027-01-02");
  });

  test("without SMTP_URL nothing is sent and the reason says so", async () => {
    expect(process.env.SMTP_URL ?? "").toBe("");
    expect(await sendInviteMail(mail)).toEqual({
      sent: false,
      reason: expect.stringMatching(/no mail server configured/),
    });
  });
});
