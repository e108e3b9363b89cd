"use client";
import "./annotate.css";
import Link from "next/link";
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { ApiError, apiFetch } from "@/lib/api/client";
import type { SkipReason } from "@/lib/annotations/scales";
import type { AnnotationView, GoldFeedback } from "@/lib/annotations/submit";
import type { ProjectSettings } from "@/lib/projects/schemas";
import type { QueueItem } from "@/lib/queue/next";
import type { AnnotatorStatus } from "@/lib/queue/status";
import { AnnotationForm, clearDraft, type Submission } from "./AnnotationForm";
import { GoldFeedbackCard } from "./GoldFeedbackCard";
import { Guidelines } from "./Guidelines";

type HistoryEntry = { item: QueueItem; annotation: AnnotationView; revisableUntil: string };
type Phase =
  | { name: "loading" }
  | { name: "item"; item: QueueItem }
  | { name: "feedback"; item: QueueItem; feedback: GoldFeedback; label: AnnotationView }
  /** Revising the `depth`-th previous answer of the session (0 = the last one); `back` is where saving returns. */
  | { name: "revise"; entry: HistoryEntry; depth: number; back: Phase }
  | { name: "empty" }
  | { name: "unqualified"; message: string }
  | { name: "error"; message: string };

const SESSION_GOAL = 25;
const SESSION_EVENT = "hardlab:session";
const GUIDELINES_KEY = "hardlab:guidelines";

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

/** Whether the guidelines panel is open: remembered across items and visits; at first open on wide screens only. */
function useGuidelinesOpen(): [boolean, () => void] {
  const open = useSyncExternalStore(
    (onChange) => {
      window.addEventListener(GUIDELINES_KEY, onChange);
      return () => window.removeEventListener(GUIDELINES_KEY, onChange);
    },
    () => {
      const saved = localStorage.getItem(GUIDELINES_KEY);
      return saved ? saved === "open" : window.matchMedia("(min-width: 1100px)").matches;
    },
    () => false,
  );
  const toggle = () => {
    localStorage.setItem(GUIDELINES_KEY, open ? "closed" : "open");
    window.dispatchEvent(new Event(GUIDELINES_KEY));
  };
  return [open, toggle];
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The server's refusal in words: its message and, for invalid input, what each field needs. */
function explain(e: ApiError): string {
  const details = Array.isArray(e.details) ? (e.details as { message?: string }[]).map((d) => d.message) : [];
  return details.length ? `${e.message}: ${details.filter(Boolean).join("; ")}` : e.message;
}
const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/** The annotator's workspace: lease an item, label it, see gold feedback, go back and revise, repeat. */
export function AnnotateWorkspace({
  slug,
  fields,
  instructions,
}: {
  slug: string;
  fields: ProjectSettings["fields"];
  instructions: string;
}) {
  const api = `/api/v1/projects/${slug}`;
  const [phase, setPhase] = useState<Phase>({ name: "loading" });
  const [status, setStatus] = useState<AnnotatorStatus | null>(null);
  const [session, countSession] = useSessionCount(slug);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [guidelinesOpen, toggleGuidelines] = useGuidelinesOpen();

  /** Status and history are refreshed after every change; the promise settles once the history is in. */
  const refreshStatus = useCallback(() => {
    apiFetch<AnnotatorStatus>(`${api}/queue`).then(setStatus, () => undefined);
    return apiFetch<{ entries: HistoryEntry[] }>(`${api}/annotations/history`).then(
      (h) => setHistory(h.entries),
      () => undefined,
    );
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

  /** One item further back in the session's history (from an item: the last answer). */
  const goBack = () => {
    const depth = phase.name === "revise" ? phase.depth + 1 : 0;
    const entry = history[depth];
    if (!entry) return setNotice("No earlier answer of this session can still be revised.");
    setNotice(null);
    setPhase({ name: "revise", entry, depth, back: phase.name === "revise" ? phase.back : phase });
  };

  async function submit(item: QueueItem, s: Submission): Promise<string | null> {
    setBusy(true);
    setNotice(null);
    try {
      const res = await apiFetch<{ annotation: AnnotationView; feedback?: GoldFeedback }>(`${api}/annotations`, {
        body: { ...s, itemId: item.id },
      });
      clearDraft(slug, item.id);
      countSession();
      const historyIn = refreshStatus();
      if (res.feedback) setPhase({ name: "feedback", item, feedback: res.feedback, label: res.annotation });
      else {
        // The next item shows once the history holds this answer, so Backspace right away revises this one.
        setPhase({ name: "loading" });
        const [next] = await Promise.all([fetchNext(), historyIn]);
        setPhase(next);
      }
      return null;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        clearDraft(slug, item.id);
        setNotice(e.message);
        await loadNext();
        return null;
      }
      return e instanceof ApiError
        ? explain(e)
        : "Network error: your answer was not sent. Submit again; it will not be counted twice.";
    } finally {
      setBusy(false);
    }
  }

  async function revise(annotation: AnnotationView, back: Phase, s: Submission): Promise<string | null> {
    setBusy(true);
    try {
      await apiFetch<{ annotation: AnnotationView }>(`${api}/annotations/${annotation.id}`, {
        method: "PUT",
        body: s,
      });
      clearDraft(slug, `revision:${annotation.id}`);
      refreshStatus();
      setNotice("Your earlier answer was revised.");
      setPhase(back.name === "loading" ? await fetchNext() : back);
      return null;
    } catch (e) {
      return e instanceof ApiError
        ? explain(e)
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
  const canGoBack = history.length > (phase.name === "revise" ? phase.depth + 1 : 0);
  const noItems = phase.name === "empty" && status !== null && status.project.items === 0 && status.mine === 0;
  return (
    <div className={guidelinesOpen ? "annotate-layout with-guidelines" : "annotate-layout"}>
      <section className="annotate stack" aria-label="Annotation workspace">
        <div className="annotate-status">
          <div>
            <label className="small muted" htmlFor="session-progress">
              This session: {session} of {SESSION_GOAL}
              {session >= SESSION_GOAL ? " — time for a break?" : ""}
            </label>
            <progress
              id="session-progress"
              className="progress-bar"
              max={SESSION_GOAL}
              value={Math.min(session, SESSION_GOAL)}
            />
          </div>
          <div>
            {status ? (
              <>
                <label className="small muted" htmlFor="project-progress">
                  Project: {status.project.complete.toLocaleString()} of {status.project.items.toLocaleString()} items
                  complete · you labelled {status.mine.toLocaleString()}
                </label>
                <progress
                  id="project-progress"
                  className="progress-bar"
                  max={Math.max(1, status.project.items)}
                  value={status.project.complete}
                />
              </>
            ) : (
              <div className="skeleton skeleton-line" aria-hidden />
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
        <div className="row annotate-toolbar">
          <button
            type="button"
            className="btn small ghost go-back"
            onClick={goBack}
            disabled={!canGoBack || busy || phase.name === "loading"}
          >
            ← Previous item <kbd className="key-hint">Backspace</kbd>
          </button>
          <button
            type="button"
            className="btn small ghost guidelines-toggle"
            aria-expanded={guidelinesOpen}
            onClick={toggleGuidelines}
          >
            {guidelinesOpen ? "Hide guidelines" : "Guidelines"} <kbd className="key-hint">i</kbd>
          </button>
        </div>
        {q?.required && q.status === "in-progress" && (
          <p className="notice">
            Qualification round: {q.answered} of {q.items} check questions done. You need {pct(q.minScore)} right to go
            on to the real items.
          </p>
        )}
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}

        {phase.name === "loading" && (
          <div className="card stack" aria-busy="true" aria-label="Loading the next item">
            <div className="skeleton skeleton-title" />
            <div className="skeleton skeleton-question" />
            <div className="skeleton skeleton-form" />
          </div>
        )}
        {phase.name === "item" && (
          <AnnotationForm
            key={phase.item.id}
            slug={slug}
            item={phase.item}
            fields={fields}
            busy={busy}
            onSubmit={(s) => submit(phase.item, s)}
            onSkip={(r) => skip(phase.item, r)}
            onFlag={(c) => flag(phase.item, c)}
            onBack={canGoBack ? goBack : undefined}
            onGuidelines={toggleGuidelines}
          />
        )}
        {phase.name === "revise" && (
          <>
            <p className="notice">
              Revising your {phase.depth === 0 ? "previous answer" : `answer from ${phase.depth + 1} items ago`}. The
              earlier version is kept; this one replaces it.
            </p>
            <AnnotationForm
              key={`revision:${phase.entry.annotation.id}`}
              slug={slug}
              item={phase.entry.item}
              fields={fields}
              busy={busy}
              revision={{
                id: phase.entry.annotation.id,
                values: formValues(phase.entry.annotation),
                until: clock(phase.entry.revisableUntil),
                onCancel: () => setPhase(phase.back),
              }}
              onSubmit={(s) => revise(phase.entry.annotation, phase.back, s)}
              onSkip={async () => undefined}
              onFlag={(c) => flag(phase.entry.item, c)}
              onBack={canGoBack ? goBack : undefined}
              onGuidelines={toggleGuidelines}
            />
          </>
        )}
        {phase.name === "feedback" && (
          <GoldFeedbackCard item={phase.item} feedback={phase.feedback} label={phase.label} onContinue={loadNext} />
        )}
        {phase.name === "empty" &&
          (noItems ? (
            <div className="card empty">
              <h2>No items to label yet</h2>
              <p>This project has no questions yet. The researchers will add them; come back later.</p>
              <Link className="btn" href="/me">
                Back to my projects
              </Link>
            </div>
          ) : (
            <div className="card empty">
              <h2>Nothing left to label</h2>
              <p>Every item has its annotations, or you have seen all the items available to you. Thank you!</p>
              <Link className="btn" href="/me">
                Back to my projects
              </Link>
            </div>
          ))}
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
      {guidelinesOpen && <Guidelines instructions={instructions} fields={fields} onClose={toggleGuidelines} />}
    </div>
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
