import nodemailer from "nodemailer";
import type { ProjectRole } from "@prisma/client";
import { env } from "@/lib/env";

export type InviteMail = {
  to: string;
  projectName: string;
  role: ProjectRole;
  url: string;
  expiresAt: Date;
  invitedBy: string;
};

/** Whether the invite went out by email; when not, why (the link still works and is shown to the owner). */
export type MailOutcome = { sent: true } | { sent: false; reason: string };

const globalMail = globalThis as unknown as { __hardlabMailer?: nodemailer.Transporter };

function mailer(): nodemailer.Transporter | null {
  if (!env.SMTP_URL) return null;
  // A dead mail server must not hold the owner's request for nodemailer's default two minutes.
  globalMail.__hardlabMailer ??= nodemailer.createTransport({
    url: env.SMTP_URL,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return globalMail.__hardlabMailer;
}

const ROLE_WORDS: Record<ProjectRole, string> = {
  OWNER: "an owner",
  RESEARCHER: "a researcher",
  ANNOTATOR: "an annotator",
};

/** Plain text only: project and user names are never interpreted as markup, and line breaks cannot reach a header. */
export function inviteMessage(mail: InviteMail) {
  const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ").trim();
  return {
    from: env.MAIL_FROM,
    to: mail.to,
    subject: `Invitation to "${oneLine(mail.projectName)}" on Hardlab`,
    text: [
      `${oneLine(mail.invitedBy)} invited you to join the Hardlab project "${oneLine(mail.projectName)}" as ${ROLE_WORDS[mail.role]}.`,
      "",
      `Accept the invitation: ${mail.url}`,
      "",
      `The link works once and expires on ${mail.expiresAt.toISOString().slice(0, 10)}. Sign in or create an account with this`,
      "email address to accept it. If you did not expect this invitation, ignore this message.",
    ].join("\n"),
  };
}

export async function sendInviteMail(mail: InviteMail): Promise<MailOutcome> {
  const transport = mailer();
  if (!transport) return { sent: false, reason: "this server has no mail server configured (SMTP_URL)" };
  try {
    await transport.sendMail(inviteMessage(mail));
    return { sent: true };
  } catch (e) {
    return { sent: false, reason: `the mail server did not accept it (${(e as Error).message})` };
  }
}
