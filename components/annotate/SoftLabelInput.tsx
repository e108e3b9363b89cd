"use client";
import { normalizedEntropy } from "@/lib/annotations/scores";
import { OPTION_LETTERS } from "@/lib/annotations/scales";
import { Markdown } from "./Markdown";

const toPercent = (p: number) => Math.round(p * 1000) / 10;

/** All mass on one option; the keyboard shortcuts 1-9 and A-J use it too. */
export const allOn = (k: number, index: number) => Array.from({ length: k }, (_, i) => (i === index ? 1 : 0));

/** Rescales the shares to total 100%, keeping their proportions (uniform when all are zero). */
export function normalize(p: readonly number[]): number[] {
  const total = p.reduce((s, x) => s + x, 0);
  return total > 0 ? p.map((x) => x / total) : p.map(() => 1 / p.length);
}

/** Half on each of the two options with the largest shares (the first two when none stands out). */
export function splitTopTwo(p: readonly number[]): number[] {
  const order = p.map((x, i) => [x, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const top = new Set([order[0][1], order[1][1]]);
  return p.map((_, i) => (top.has(i) ? 0.5 : 0));
}

/**
 * The soft label: one share per option as a number (percent) and a slider, the live total, presets and an entropy
 * meter (0 = certain, 1 = uniform). Works in probabilities; shows percentages.
 */
export function SoftLabelInput({
  choices,
  value,
  onChange,
  error,
}: {
  choices: string[];
  value: number[] | undefined;
  onChange: (p: number[]) => void;
  error?: string;
}) {
  const k = choices.length;
  const p = value && value.length === k ? value : Array.from({ length: k }, () => 0);
  const total = toPercent(p.reduce((s, x) => s + x, 0));
  const entropy = normalizedEntropy(p);
  const set = (i: number, percent: number) => {
    const clamped = Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) : 0;
    onChange(p.map((x, j) => (j === i ? clamped / 100 : x)));
  };
  const off = Math.abs(total - 100) > 0.5;
  return (
    <fieldset className="soft-label" aria-describedby="soft-label-total">
      <legend className="label">Your probability for each option</legend>
      <ol className="soft-label-options">
        {choices.map((choice, i) => {
          const id = `share-${i}`;
          return (
            <li key={i} className="soft-label-option">
              <span className="option-letter" aria-hidden>
                {OPTION_LETTERS[i]}
              </span>
              <label htmlFor={id} className="option-text">
                <span className="sr-only">Option {OPTION_LETTERS[i]}: </span>
                <Markdown>{choice}</Markdown>
              </label>
              <input
                id={id}
                type="number"
                inputMode="decimal"
                min={0}
                max={100}
                step={1}
                value={toPercent(p[i])}
                aria-invalid={!!error}
                onChange={(e) => set(i, e.target.valueAsNumber)}
                className="share-number"
              />
              <span aria-hidden>%</span>
              <input
                type="range"
                min={0}
                max={100}
                step={1}
                value={toPercent(p[i])}
                aria-label={`Option ${OPTION_LETTERS[i]} share, percent`}
                onChange={(e) => set(i, e.target.valueAsNumber)}
                className="share-slider"
              />
              <button
                type="button"
                className="btn small ghost"
                onClick={() => onChange(allOn(k, i))}
                title={`Put 100% on option ${OPTION_LETTERS[i]}`}
              >
                100%
              </button>
            </li>
          );
        })}
      </ol>
      <div className="row soft-label-footer">
        <span id="soft-label-total" className={off ? "total off" : "total"} aria-live="polite">
          Total <strong>{total}%</strong>
          {off
            ? ` — ${total < 100 ? `${Math.round((100 - total) * 10) / 10}% left to place` : `${Math.round((total - 100) * 10) / 10}% too much`}`
            : " ✓"}
        </span>
        <button type="button" className="btn small" onClick={() => onChange(normalize(p))}>
          Normalize to 100%
        </button>
        <button type="button" className="btn small" onClick={() => onChange(splitTopTwo(p))}>
          Split between top two
        </button>
        <button type="button" className="btn small" onClick={() => onChange(p.map(() => 1 / k))}>
          Uniform
        </button>
      </div>
      <div className="row small">
        <label htmlFor="entropy-meter" className="muted">
          Uncertainty (normalized entropy)
        </label>
        <meter id="entropy-meter" min={0} max={1} low={0.34} high={0.67} optimum={0} value={total > 0 ? entropy : 0} />
        <span className="muted">
          {total > 0 ? `${entropy.toFixed(2)} ${entropy < 0.05 ? "certain" : entropy > 0.95 ? "no idea" : ""}` : "—"}
        </span>
      </div>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}
