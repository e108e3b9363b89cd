"use client";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { ApiError, apiFetch } from "@/lib/api/client";
import type { SkipReason } from "@/lib/annotations/scales";
import { OPTION_LETTERS } from "@/lib/annotations/scales";
import type { AnnotationView, GoldFeedback } from "@/lib/annotations/submit";
import type { ProjectSettings } from "@/lib/projects/schemas";
import type { QueueItem } from "@/lib/queue/next";
import type { AnnotatorStatus } from "@/lib/queue/status";
import { AnnotationForm, clearDraft, type Submission } from "./AnnotationForm";
import { Markdown } from "./Markdown";

type Phase =
  | { name: "loading" }
  | { name: "item"; item: QueueItem }
  | { name: "feedback"; item: QueueItem; feedback: GoldFeedback; label: AnnotationView }
  | { name: "revise"; item: QueueItem; annotation: AnnotationView; back: Phase }
  | { name: "empty" }
  | { name: "unqualified"; message: string }
  | { name: "error"; message: string };

const SESSION_GOAL = 25;
const SESSION_EVENT = "hardlab:session";

/** Items done in this browser tab (sessionStorage), so a reload keeps the session's count. */
function useSessionCount(slug: string): [number, () => void] {
  const key = `hardlab:session:${slug}`;
  const count = useSyncExternalStore(
    (onChange) => {
      window.addEventListener(SESSION_EVENT, onChange);
      return () => window.removeEventListener(SESSION_EVENT, onChange);
    },
    () => Number(sessionStorage.getItem(key) ?? 0),
    () => 0,
  );
  const increment = () => {
    sessionStorage.setItem(key, String(Number(sessionStorage.getItem(key) ?? 0) + 1));
    window.dispatchEvent(new Event(SESSION_EVENT));
  };
  return [count, increment];
}
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The annotator's workspace: lease an item, label it, see gold feedback, repeat. */
export function AnnotateWorkspace({ slug, fields }: { slug: string; fields: ProjectSettings["fields"] }) {
  const api = `/api/v1/projects/${slug}`;
  const [phase, setPhase] = useState<Phase>({ name: "loading" });
  const [status, setStatus] = useState<AnnotatorStatus | null>(null);
  const [session, countSession] = useSessionCount(slug);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [last, setLast] = useState<{ item: QueueItem; annotation: AnnotationView } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const refreshStatus = useCallback(() => {
    apiFetch<AnnotatorStatus>(`${api}/queue`).then(setStatus, () => undefined);
  }, [api]);

  const fetchNext = useCallback(async (): Promise<Phase> => {
    try {
      const lease = await apiFetch<{ item: QueueItem } | undefined>(`${api}/queue/next`, { method: "POST" });
      return lease ? { name: "item", item: lease.item } : { name: "empty" };
    } catch (e) {
      if (e instanceof ApiError && e.status === 403) return { name: "unqualified", message: e.message };
      return {
        name: "error",
        message: e instanceof ApiError ? e.message : "Network error: check your connection and try again",
      };
    }
  }, [api]);

  const loadNext = async () => {
    setPhase({ name: "loading" });
    setPhase(await fetchNext());
  };

  useEffect(() => {
    refreshStatus();
    void fetchNext().then(setPhase);
  }, [fetchNext, refreshStatus]);

  useEffect(() => {
    if (phase.name === "item") heading.current?.focus();
  }, [phase]);

  async function submit(item: QueueItem, s: Submission): Promise<string | null> {
    setBusy(true);
    setNotice(null);
    try {
      const res = await apiFetch<{ annotation: AnnotationView; feedback?: GoldFeedback }>(`${api}/annotations`, {
        body: { ...s, itemId: item.id },
      });
      clearDraft(slug, item.id);
      countSession();
      refreshStatus();
      setLast({ item, annotation: res.annotation });
      if (res.feedback) setPhase({ name: "feedback", item, feedback: res.feedback, label: res.annotation });
      else await loadNext();
      return null;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        clearDraft(slug, item.id);
        setNotice(e.message);
        await loadNext();
        return null;
      }
      return e instanceof ApiError
        ? e.message
        : "Network error: your answer was not sent. Submit again; it will not be counted twice.";
    } finally {
      setBusy(false);
    }
  }

  async function revise(
    item: QueueItem,
    annotation: AnnotationView,
    back: Phase,
    s: Submission,
  ): Promise<string | null> {
    setBusy(true);
    try {
      const res = await apiFetch<{ annotation: AnnotationView }>(`${api}/annotations/${annotation.id}`, {
        method: "PUT",
        body: s,
      });
      clearDraft(slug, `revision:${annotation.id}`);
      setLast({ item, annotation: res.annotation });
      setNotice("Your previous answer was revised.");
      setPhase(back);
      return null;
    } catch (e) {
      return e instanceof ApiError
        ? e.message
        : "Network error: the revision was not sent. Save again; it will not be counted twice.";
    } finally {
      setBusy(false);
    }
  }

  async function skip(item: QueueItem, reason: SkipReason) {
    setBusy(true);
    try {
      await apiFetch(`${api}/queue/skip`, { body: { itemId: item.id, reason } });
      clearDraft(slug, item.id);
      await loadNext();
    } catch (e) {
      setNotice(e instanceof ApiError ? e.message : "Network error: the item was not skipped");
    } finally {
      setBusy(false);
    }
  }

  async function flag(item: QueueItem, comment: string) {
    await apiFetch(`${api}/queue/flag`, { body: { itemId: item.id, comment } });
    setNotice("Flagged for the researchers. You can still answer or skip the item.");
  }

  const q = status?.qualification;
  return (
    <section className="annotate stack" aria-label="Annotation workspace">
      <div className="grid progress-grid">
        <div>
          <div className="small muted" id="session-progress-label">
            This session: {session} of {SESSION_GOAL}
            {session >= SESSION_GOAL ? " — time for a break?" : ""}
          </div>
          <div
            className="progress"
            role="progressbar"
            aria-labelledby="session-progress-label"
            aria-valuemin={0}
            aria-valuemax={SESSION_GOAL}
            aria-valuenow={Math.min(session, SESSION_GOAL)}
          >
            <span style={{ width: `${Math.min(100, (100 * session) / SESSION_GOAL)}%` }} />
          </div>
        </div>
        <div>
          {status ? (
            <>
              <div className="small muted" id="project-progress-label">
                Project: {status.project.complete.toLocaleString()} of {status.project.items.toLocaleString()} items
                complete · you labelled {status.mine.toLocaleString()}
              </div>
              <div
                className="progress"
                role="progressbar"
                aria-labelledby="project-progress-label"
                aria-valuemin={0}
                aria-valuemax={status.project.items}
                aria-valuenow={status.project.complete}
              >
                <span
                  style={{
                    width: `${status.project.items ? (100 * status.project.complete) / status.project.items : 0}%`,
                  }}
                />
              </div>
            </>
          ) : (
            <div className="skeleton" style={{ height: "2.2rem" }} aria-hidden />
          )}
        </div>
        {status?.calibration && (
          <div className="small" aria-label="Your calibration">
            <span className="muted">Your last {status.calibration.n} checks:</span> accuracy{" "}
            {pct(status.calibration.accuracy)}, confidence {pct(status.calibration.meanConfidence)}, Brier{" "}
            {status.calibration.brier.toFixed(2)}
          </div>
        )}
      </div>
      {q?.required && q.status === "in-progress" && (
        <p className="notice">
          Qualification round: {q.answered} of {q.items} check questions done. You need {pct(q.minScore)} right to go on
          to the real items.
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {last && phase.name !== "revise" && phase.name !== "loading" && (
        <p className="small" style={{ margin: 0 }}>
          <button
            type="button"
            className="btn small ghost revise-previous"
            onClick={() => {
              setNotice(null);
              setPhase({ name: "revise", item: last.item, annotation: last.annotation, back: phase });
            }}
          >
            Revise my previous answer
          </button>
        </p>
      )}

      {phase.name === "loading" && (
        <div className="card stack" aria-busy="true" aria-label="Loading the next item">
          <div className="skeleton" style={{ height: "1.4rem", width: "60%" }} />
          <div className="skeleton" style={{ height: "5rem" }} />
          <div className="skeleton" style={{ height: "8rem" }} />
        </div>
      )}
      {phase.name === "item" && (
        <>
          <h2 ref={heading} tabIndex={-1} className="sr-only">
            Item
          </h2>
          <AnnotationForm
            key={phase.item.id}
            slug={slug}
            item={phase.item}
            fields={fields}
            busy={busy}
            onSubmit={(s) => submit(phase.item, s)}
            onSkip={(r) => skip(phase.item, r)}
            onFlag={(c) => flag(phase.item, c)}
          />
        </>
      )}
      {phase.name === "revise" && (
        <>
          <p className="notice">Revising your previous answer. The earlier version is kept; this one replaces it.</p>
          <AnnotationForm
            key={`revision:${phase.annotation.id}`}
            slug={slug}
            item={phase.item}
            fields={fields}
            busy={busy}
            revision={{
              id: phase.annotation.id,
              values: formValues(phase.annotation),
              onCancel: () => setPhase(phase.back),
            }}
            onSubmit={(s) => revise(phase.item, phase.annotation, phase.back, s)}
            onSkip={async () => undefined}
            onFlag={(c) => flag(phase.item, c)}
          />
        </>
      )}
      {phase.name === "feedback" && <Feedback feedback={phase.feedback} label={phase.label} onContinue={loadNext} />}
      {phase.name === "empty" && (
        <div className="card empty">
          <h2>Nothing left to label</h2>
          <p>Every item has its annotations, or you have seen all the items available to you. Thank you!</p>
          <Link className="btn" href="/me">
            Back to my projects
          </Link>
        </div>
      )}
      {phase.name === "unqualified" && (
        <div className="card empty" role="alert">
          <h2>Not qualified for this project</h2>
          <p>{phase.message}</p>
          <Link className="btn" href="/me">
            Back to my projects
          </Link>
        </div>
      )}
      {phase.name === "error" && (
        <div className="card stack" role="alert">
          <p className="form-error">{phase.message}</p>
          <button type="button" className="btn primary" onClick={() => void loadNext()} autoFocus>
            Try again
          </button>
        </div>
      )}
    </section>
  );
}

/** An earlier annotation as form values (absent ratings as undefined, not null). */
function formValues(a: AnnotationView) {
  const v = <T,>(x: T | null) => (x === null ? undefined : x);
  return {
    gradeLevel: v(a.gradeLevel),
    bloom: v(a.bloom),
    steps: v(a.steps),
    difficulty: v(a.difficulty),
    softLabel: v(a.softLabel),
    answer: v(a.answer),
    confidence: v(a.confidence),
  };
}

/** After a gold item: the correct answer, this label's scores and the running summary. */
function Feedback({
  feedback,
  label,
  onContinue,
}: {
  feedback: GoldFeedback;
  label: AnnotationView;
  onContinue: () => void;
}) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  const given =
    feedback.correctIndex !== null && label.softLabel ? label.softLabel[feedback.correctIndex] : label.confidence;
  const s = feedback.summary;
  return (
    <div className="card stack gold-feedback" role="status" aria-labelledby="feedback-title">
      <h2 id="feedback-title" style={{ marginTop: 0 }}>
        {feedback.correct >= 1 ? "Right" : feedback.correct > 0 ? "Partly right" : "Not quite"}: this was a check
        question
      </h2>
      <div>
        <span className="muted">Correct answer: </span>
        {feedback.correctIndex !== null && <strong>{OPTION_LETTERS[feedback.correctIndex]}. </strong>}
        <Markdown className="inline">{feedback.correctAnswer ?? ""}</Markdown>
      </div>
      <p style={{ margin: 0 }}>
        {feedback.correctIndex !== null
          ? `You gave the correct answer ${pct(given ?? 0)}.`
          : `Your answer "${label.answer}" with ${pct(given ?? 0)} confidence.`}{" "}
        Brier score <strong>{feedback.brier.toFixed(3)}</strong> (0 best, 2 worst) · log loss{" "}
        <strong>{feedback.logLoss.toFixed(3)}</strong>
      </p>
      {s && (
        <p className="small muted" style={{ margin: 0 }}>
          Over your last {s.n} check questions: accuracy {pct(s.accuracy)} with mean confidence {pct(s.meanConfidence)}
          {s.meanConfidence - s.accuracy > 0.1
            ? " — you tend to be over-confident"
            : s.accuracy - s.meanConfidence > 0.1
              ? " — you could be more confident"
              : " — well calibrated"}
          ; mean Brier {s.brier.toFixed(3)}.
        </p>
      )}
      <div>
        <button ref={button} type="button" className="btn primary" onClick={onContinue}>
          Continue <kbd>Enter</kbd>
        </button>
      </div>
    </div>
  );
}
