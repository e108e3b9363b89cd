"use client";
import { useEffect, useRef } from "react";
import { Markdown } from "@/components/ui/Markdown";
import { OPTION_LETTERS } from "@/lib/annotations/scales";
import type { AnnotationView, GoldFeedback } from "@/lib/annotations/submit";
import type { QueueItem } from "@/lib/queue/next";

const pct = (x: number) => `${Math.round(x * 100)}%`;
/** Log loss shown up to ln 100 = 4.6, where the right answer got 1%: past that the number says nothing more. */
const LOG_LOSS_CAP = Math.log(100);

/** The label as the annotator gave it: the options with weight, largest first, or the free answer and confidence. */
function yourAnswer(label: AnnotationView): string {
  if (label.softLabel)
    return label.softLabel
      .map((p, i) => [p, i] as const)
      .filter(([p]) => p > 0)
      .sort((a, b) => b[0] - a[0])
      .map(([p, i]) => `${OPTION_LETTERS[i]} ${pct(p)}`)
      .join(", ");
  return `“${label.answer ?? ""}”, ${pct(label.confidence ?? 0)} sure`;
}

/** A sparkline of Brier scores on their 0-2 scale (lower is better), newest on the right. */
function BrierTrend({ scores }: { scores: number[] }) {
  if (scores.length < 2) return null;
  const w = 160;
  const h = 36;
  const x = (i: number) => (i * w) / (scores.length - 1);
  // Brier 0 (best) on the bottom line, 2 (worst) at the top: a falling line is improvement.
  const y = (b: number) => h - 2 - ((h - 4) * b) / 2;
  const half = Math.floor(scores.length / 2);
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const change = mean(scores.slice(half)) - mean(scores.slice(0, half));
  const verdict = change < -0.05 ? "getting better" : change > 0.05 ? "getting worse" : "steady";
  return (
    <div className="row brier-trend">
      <svg width={w} height={h} role="img" aria-label={`Brier score over your last ${scores.length} check questions`}>
        <line x1={0} x2={w} y1={y(0)} y2={y(0)} className="trend-axis" />
        <polyline points={scores.map((b, i) => `${x(i)},${y(b)}`).join(" ")} className="trend-line" />
      </svg>
      <span className="small">
        Brier over your last {scores.length} check questions (bottom line = 0, the best): <strong>{verdict}</strong>
      </span>
    </div>
  );
}

/** After a gold item: the question again, the annotator's answer beside the right one, and what the scores mean. */
export function GoldFeedbackCard({
  item,
  feedback,
  label,
  onContinue,
}: {
  item: QueueItem;
  feedback: GoldFeedback;
  label: AnnotationView;
  onContinue: () => void;
}) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  const given =
    feedback.correctIndex !== null && label.softLabel ? label.softLabel[feedback.correctIndex] : label.confidence;
  const s = feedback.summary;
  const capped = feedback.logLoss > LOG_LOSS_CAP;
  return (
    <div className="card stack gold-feedback" role="status" aria-labelledby="feedback-title">
      <h2 id="feedback-title">
        {feedback.correct >= 1 ? "Right" : feedback.correct > 0 ? "Partly right" : "Not quite"}: this was a check
        question
      </h2>
      <Markdown className="question-text feedback-question">{item.question}</Markdown>
      <dl className="answer-compare">
        <div>
          <dt>Your answer</dt>
          <dd>{yourAnswer(label)}</dd>
        </div>
        <div>
          <dt>Right answer</dt>
          <dd>
            {feedback.correctIndex !== null && <strong>{OPTION_LETTERS[feedback.correctIndex]}. </strong>}
            <Markdown className="inline">{feedback.correctAnswer ?? ""}</Markdown>
          </dd>
        </div>
      </dl>
      <p>
        {feedback.correctIndex !== null
          ? `You gave the right answer ${pct(given ?? 0)}.`
          : `You were ${pct(given ?? 0)} sure of your answer.`}
      </p>
      <div className="scores">
        <div>
          <label htmlFor="brier-meter">
            Brier score <strong>{feedback.brier.toFixed(2)}</strong> <span className="muted">(0 best, 2 worst)</span>
          </label>
          <meter id="brier-meter" min={0} max={2} low={0.5} high={1} optimum={0} value={feedback.brier} />
        </div>
        <div>
          <label htmlFor="logloss-meter">
            Surprise (log loss) <strong>{capped ? "over 4.6" : feedback.logLoss.toFixed(2)}</strong>{" "}
            <span className="muted">(0 best, 4.6 = you gave the right answer 1%)</span>
          </label>
          <meter
            id="logloss-meter"
            min={0}
            max={LOG_LOSS_CAP}
            low={0.7}
            high={2.3}
            optimum={0}
            value={Math.min(feedback.logLoss, LOG_LOSS_CAP)}
          />
          <p className="small muted">
            How surprised you should be by the right answer: 0.69 if you gave it 50%, 2.3 if you gave it 10%. A
            confident miss costs much more than an honest “not sure”.
          </p>
        </div>
      </div>
      {s && (
        <p className="small muted">
          Over your last {s.n} check questions: accuracy {pct(s.accuracy)} with mean confidence {pct(s.meanConfidence)}
          {s.meanConfidence - s.accuracy > 0.1
            ? " — you tend to be over-confident"
            : s.accuracy - s.meanConfidence > 0.1
              ? " — you could be more confident"
              : " — well calibrated"}
          ; mean Brier {s.brier.toFixed(2)}.
        </p>
      )}
      <BrierTrend scores={feedback.brierTrend} />
      <div>
        <button ref={button} type="button" className="btn primary" onClick={onContinue}>
          Continue <kbd className="key-hint">Enter</kbd>
        </button>
      </div>
    </div>
  );
}
