"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { ConfirmButton } from "@/components/ui/ConfirmButton";
import { Field, FormError } from "@/components/ui/Field";
import { apiFetch, applyFieldErrors } from "@/lib/api/client";
import { inviteSchema, memberSchema } from "@/lib/projects/schemas";
import type { MailOutcome } from "@/lib/auth/invite-mail";

type Member = { userId: string; email: string | null; name: string | null; role: string };

export function MembersPanel({ slug, members }: { slug: string; members: Member[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [invited, setInvited] = useState<{ url: string; email: string | null; emailed: MailOutcome | null } | null>(
    null,
  );
  const add = useForm<z.input<typeof memberSchema>>({
    resolver: zodResolver(memberSchema),
    defaultValues: { role: "ANNOTATOR" },
  });
  const invite = useForm<z.input<typeof inviteSchema>>({
    resolver: zodResolver(inviteSchema),
    defaultValues: { role: "ANNOTATOR" },
  });

  const onAdd = add.handleSubmit(async (v) => {
    setError(null);
    try {
      // Anyone not yet a member is invited (the same answer whether or not they have an account).
      const result = await apiFetch<{ invited: boolean; url?: string; email: string; emailed?: MailOutcome | null }>(
        `/api/v1/projects/${slug}/members`,
        { body: v },
      );
      add.reset({ email: "", role: v.role });
      if (result.invited && result.url)
        setInvited({ url: result.url, email: result.email, emailed: result.emailed ?? null });
      router.refresh();
    } catch (e) {
      setError(applyFieldErrors(e, add.setError as never));
    }
  });
  const onInvite = invite.handleSubmit(async (v) => {
    setError(null);
    try {
      setInvited(null);
      setInvited(
        await apiFetch<{ url: string; email: string | null; emailed: MailOutcome | null }>(
          `/api/v1/projects/${slug}/invites`,
          { body: v },
        ),
      );
    } catch (e) {
      setError(applyFieldErrors(e, invite.setError as never));
    }
  });
  async function changeRole(email: string, role: string) {
    setError(null);
    try {
      await apiFetch(`/api/v1/projects/${slug}/members`, { body: { email, role } });
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <div className="card stack">
      <h2 className="mt-0">Members</h2>
      <FormError message={error} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>
                  <select
                    aria-label={`Role of ${m.email}`}
                    value={m.role}
                    onChange={(e) => changeRole(m.email!, e.target.value)}
                    className="w-auto"
                  >
                    <option value="OWNER">Owner</option>
                    <option value="RESEARCHER">Researcher</option>
                    <option value="ANNOTATOR">Annotator</option>
                  </select>
                </td>
                <td>
                  <ConfirmButton
                    className="btn small danger"
                    label="Remove"
                    title={`Remove ${m.email}?`}
                    body="They lose access to this project. Their annotations stay."
                    onConfirm={async () => {
                      await apiFetch(`/api/v1/projects/${slug}/members?email=${encodeURIComponent(m.email!)}`, {
                        method: "DELETE",
                      });
                      router.refresh();
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form onSubmit={onAdd} className="row align-end" noValidate>
        <div className="grow-2">
          <Field
            id="member-email"
            label="Add a member by email"
            hint="They get an invitation and join when they accept it; a current member's role changes at once."
            error={add.formState.errors.email?.message}
          >
            <input id="member-email" type="email" {...add.register("email")} />
          </Field>
        </div>
        <div className="grow-1">
          <Field id="member-role" label="Role">
            <select id="member-role" {...add.register("role")}>
              <option value="ANNOTATOR">Annotator</option>
              <option value="RESEARCHER">Researcher</option>
              <option value="OWNER">Owner</option>
            </select>
          </Field>
        </div>
        <button className="btn" type="submit">
          Add or invite
        </button>
      </form>
      <form onSubmit={onInvite} className="row align-end" noValidate>
        <div className="grow-2">
          <Field
            id="invite-email"
            label="Invite by email or link"
            hint="With an email, only that address can accept, and the invitation is emailed if this server has mail. Valid 7 days, once."
            error={invite.formState.errors.email?.message}
          >
            <input
              id="invite-email"
              type="email"
              placeholder="Leave empty for a link anyone can use"
              {...invite.register("email")}
            />
          </Field>
        </div>
        <div className="grow-1">
          <Field id="invite-role" label="Role">
            <select id="invite-role" {...invite.register("role")}>
              <option value="ANNOTATOR">Annotator</option>
              <option value="RESEARCHER">Researcher</option>
            </select>
          </Field>
        </div>
        <button className="btn" type="submit" disabled={invite.formState.isSubmitting}>
          {invite.formState.isSubmitting ? "Inviting…" : "Invite"}
        </button>
      </form>
      {invited && (
        <div className="notice" role="status">
          <label className="label" htmlFor="invite-link">
            {invited.emailed?.sent
              ? `Invitation emailed to ${invited.email}; they join when they accept. The link, in case it does not arrive (shown once):`
              : invited.emailed
                ? `Not emailed: ${invited.emailed.reason}. Send this link yourself (shown once):`
                : invited.email
                  ? `Send this link to ${invited.email}; they join when they accept (shown once):`
                  : "Send this link (shown once):"}
          </label>
          <input id="invite-link" readOnly value={invited.url} onFocus={(e) => e.target.select()} />
        </div>
      )}
    </div>
  );
}
