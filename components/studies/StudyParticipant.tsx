"use client";
import { useCallback, useEffect, useState } from "react";
import "@/components/annotate/annotate.css";
import { AnnotationForm, clearDraft, type Submission } from "@/components/annotate/AnnotationForm";
import { Markdown } from "@/components/ui/Markdown";
import { ApiError, apiFetch } from "@/lib/api/client";
import type { SkipReason } from "@/lib/annotations/scales";
import type { QueueItem } from "@/lib/queue/next";
import type { AnswerResult, ParticipantState, PracticeFeedback, ServedItem } from "@/lib/studies/flow";
import type { Completion } from "@/lib/studies/participant";
import type { StudyIntro } from "@/lib/studies/service";

type Phase =
  | { name: "entering" }
  | { name: "consent" }
  | { name: "instructions" }
  | { name: "loading" }
  | { name: "item"; kind: "practice" | "attention" | "item"; item: QueueItem }
  | { name: "feedback"; item: QueueItem; feedback: PracticeFeedback; completion: Completion | null }
  | { name: "done"; completion: Completion }
  | { name: "error"; message: string };

/** Practice and attention items ask for the probabilities only. */
const PROBABILITIES_ONLY = { gradeLevel: false, bloom: false, steps: false, difficulty: false, softLabel: true };
const HEARTBEAT_MS = 60_000;
const ENTRY_PARAMS = ["PROLIFIC_PID", "STUDY_ID", "SESSION_ID", "workerId", "assignmentId", "hitId", "pid"];

const money = (amount: number, currency: string) =>
  new Intl.NumberFormat("en", { style: "currency", currency }).format(amount);

const messageOf = (e: unknown) =>
  e instanceof ApiError ? e.message : "Network error: check your connection and retry";

/** A participant's whole visit: entry, consent, instructions, practice with feedback, labelling, completion. */
export function StudyParticipant(intro: StudyIntro) {
  const api = `/api/v1/studies/${intro.studyId}/participant`;
  const draftScope = `study-${intro.studyId}`;
  const [phase, setPhase] = useState<Phase>({ name: "entering" });
  const [state, setState] = useState<ParticipantState | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [agreed, setAgreed] = useState(false);

  const finish = (completion: Completion) => {
    setPhase({ name: "done", completion });
    if (completion.url) window.location.assign(completion.url);
  };

  const loadNext = useCallback(async () => {
    setPhase({ name: "loading" });
    try {
      const next = await apiFetch<ServedItem>(`${api}/next`, { method: "POST" });
      if (next.kind === "done") finish(next.completion);
      else setPhase({ name: "item", kind: next.kind, item: next.item });
    } catch (e) {
      setPhase({ name: "error", message: messageOf(e) });
    }
  }, [api]);

  const show = useCallback(
    (s: ParticipantState) => {
      setState(s);
      if (s.completion) finish(s.completion);
      else if (s.status === "CONSENT") setPhase({ name: "consent" });
      else if (s.status === "INSTRUCTIONS") setPhase({ name: "instructions" });
      else void loadNext();
    },
    [loadNext],
  );

  useEffect(() => {
    const search = new URLSearchParams(window.location.search);
    const ids = Object.fromEntries(ENTRY_PARAMS.flatMap((k) => (search.get(k) ? [[k, search.get(k)]] : [])));
    apiFetch<ParticipantState>(api, { body: { key: intro.studyKey, ...ids } }).then(show, (e) =>
      setPhase({ name: "error", message: messageOf(e) }),
    );
    // The session stays this browser's while the page is open, even on a long item.
    const beat = setInterval(() => void apiFetch(api).catch(() => undefined), HEARTBEAT_MS);
    return () => clearInterval(beat);
  }, [api, intro.studyKey, show]);

  async function step(path: "consent" | "instructions", body?: unknown) {
    setBusy(true);
    try {
      show(await apiFetch<ParticipantState>(`${api}/${path}`, { method: "POST", body: body ?? {} }));
    } catch (e) {
      setNotice(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function submit(item: QueueItem, s: Submission): Promise<string | null> {
    setBusy(true);
    setNotice(null);
    try {
      const res = await apiFetch<AnswerResult>(`${api}/answer`, { body: { ...s, itemId: item.id } });
      clearDraft(draftScope, item.id);
      if (res.kind === "practice")
        setPhase({ name: "feedback", item, feedback: res.feedback, completion: res.completion });
      else if (res.kind === "item" && res.completion) finish(res.completion);
      else {
        if (res.kind === "item") setState((st) => (st ? { ...st, progress: { ...st.progress, done: res.done } } : st));
        await loadNext();
      }
      return null;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        clearDraft(draftScope, item.id);
        setNotice(e.message);
        await loadNext();
        return null;
      }
      return messageOf(e);
    } finally {
      setBusy(false);
    }
  }

  async function skip(item: QueueItem, reason: SkipReason) {
    setBusy(true);
    try {
      await apiFetch(`${api}/skip`, { body: { itemId: item.id, reason } });
      clearDraft(draftScope, item.id);
      await loadNext();
    } catch (e) {
      setNotice(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function flag(item: QueueItem, comment: string) {
    await apiFetch(`${api}/flag`, { body: { itemId: item.id, comment } });
    setNotice("Flagged for the researchers. Please still answer it as well as you can.");
  }

  const { pay } = intro;
  return (
    <div className="stack">
      <h1>{intro.name}</h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {(phase.name === "entering" || phase.name === "loading") && (
        <div className="card stack" aria-busy="true" aria-label="Loading">
          <div className="skeleton skeleton-title" />
          <div className="skeleton skeleton-question" />
        </div>
      )}
      {phase.name === "consent" && (
        <section className="card stack" aria-labelledby="consent-title">
          <h2 id="consent-title">Consent</h2>
          <Markdown>{intro.consentText || "Please confirm that you agree to take part in this study."}</Markdown>
          <label className="check">
            <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} /> I have read the
            above and agree to take part
          </label>
          <button
            type="button"
            className="btn primary"
            disabled={!agreed || busy}
            onClick={() => void step("consent", { consent: true })}
          >
            Continue
          </button>
        </section>
      )}
      {phase.name === "instructions" && (
        <section className="card stack" aria-labelledby="instructions-title">
          <h2 id="instructions-title">Instructions</h2>
          {intro.instructions && <Markdown>{intro.instructions}</Markdown>}
          <h3>How you are paid</h3>
          <p>
            You label {intro.quota} questions
            {intro.maxMinutes ? ` within ${intro.maxMinutes} minutes` : ""}
            {pay.baseRate > 0 ? `, for ${money(pay.baseRate, pay.currency)}` : ""}.
            {state?.progress.practiceItems
              ? " First comes a short practice round with the right answers shown after each question; if your answers there are not calibrated enough, you are paid the base rate and the study ends."
              : ""}
          </p>
          {pay.maxBonus > 0 && (
            <p>
              For each question in the study whose answer we know, you earn a bonus of up to{" "}
              {money(pay.maxBonus, pay.currency)}. You give a probability for each option; the bonus is highest when you
              put all of it on the right answer and lowest when you put all of it on a wrong one. The rule is built so
              that you earn the most, on average, by reporting exactly how likely you think each option is: claiming
              more certainty than you have, or less, can only lower what you can expect to earn.
            </p>
          )}
          <button type="button" className="btn primary" disabled={busy} onClick={() => void step("instructions")}>
            Start
          </button>
        </section>
      )}
      {phase.name === "item" && (
        <section className="stack" aria-label={phase.kind === "practice" ? "Practice question" : "Question"}>
          <p className="small muted">
            {phase.kind === "practice"
              ? `Practice question ${(state?.progress.practiceAnswered ?? 0) + 1}: the answer is shown after you submit.`
              : `Question ${Math.min((state?.progress.done ?? 0) + 1, intro.quota)} of ${intro.quota}`}
          </p>
          <AnnotationForm
            key={phase.item.id}
            slug={draftScope}
            item={phase.item}
            fields={phase.kind === "item" ? (state?.fields ?? PROBABILITIES_ONLY) : PROBABILITIES_ONLY}
            onSubmit={(s) => submit(phase.item, s)}
            onSkip={(reason) => skip(phase.item, reason)}
            onFlag={(comment) => flag(phase.item, comment)}
            busy={busy}
          />
        </section>
      )}
      {phase.name === "feedback" && (
        <section className="card stack gold-feedback" role="status" aria-labelledby="practice-feedback-title">
          <h2 id="practice-feedback-title">
            {phase.feedback.outcome === "passed"
              ? "Practice passed"
              : phase.feedback.outcome === "failed"
                ? "Practice over"
                : "Practice feedback"}
          </h2>
          <p>
            <span className="muted">Right answer: </span>
            <strong>{phase.feedback.correctAnswer}</strong>
          </p>
          <p>
            Your Brier score on this question: <strong>{phase.feedback.brier.toFixed(2)}</strong> · your running score
            over {phase.feedback.answered} practice questions: <strong>{phase.feedback.runningBrier.toFixed(2)}</strong>{" "}
            (passing needs {state?.training.criterion.toFixed(2)} or lower)
          </p>
          {phase.feedback.explanation && <Markdown>{phase.feedback.explanation}</Markdown>}
          <p className="small muted">{phase.feedback.calibration}</p>
          {phase.feedback.outcome === "failed" ? (
            <>
              <p>Thank you for your time. You are paid the base rate for taking part.</p>
              <button
                type="button"
                className="btn primary"
                onClick={() => phase.completion && finish(phase.completion)}
              >
                Finish
              </button>
            </>
          ) : (
            <button type="button" className="btn primary" autoFocus onClick={() => void loadNext()}>
              {phase.feedback.outcome === "passed" ? "Start the study" : "Next practice question"}
            </button>
          )}
        </section>
      )}
      {phase.name === "done" && (
        <section className="card stack" aria-labelledby="done-title">
          <h2 id="done-title">Thank you</h2>
          {phase.completion.status === "TIMED_OUT" && <p>The time for this study is up.</p>}
          {phase.completion.code && (
            <p>
              Your completion code: <strong className="completion-code">{phase.completion.code}</strong>
            </p>
          )}
          {phase.completion.url && (
            <p>
              <a className="btn primary" href={phase.completion.url}>
                Return to the platform
              </a>
            </p>
          )}
        </section>
      )}
      {phase.name === "error" && (
        <div className="card stack" role="alert">
          <p className="form-error">{phase.message}</p>
          <button type="button" className="btn" onClick={() => window.location.reload()}>
            Try again
          </button>
        </div>
      )}
    </div>
  );
}
