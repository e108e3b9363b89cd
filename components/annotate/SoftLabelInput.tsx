"use client";
import { useRef, useState, type KeyboardEvent } from "react";
import { Markdown } from "@/components/ui/Markdown";
import { allOn, normalize, optionForKey, setShare, splitBetween, splitTopTwo } from "@/lib/annotations/keys";
import { normalizedEntropy } from "@/lib/annotations/scores";
import { OPTION_LETTERS } from "@/lib/annotations/scales";

const toPercent = (p: number) => Math.round(p * 1000) / 10;

/**
 * The soft label: one share per option as a number (percent) and a slider, the live total, presets and an entropy
 * meter (0 = certain, 1 = uniform). Typing a share renormalizes the other options. With the focus on the options
 * (the element `zoneRef` receives), a digit puts 100% on that option and `h` then two digits splits half and half;
 * `onChosen` then moves the cursor on. Works in probabilities; shows percentages.
 */
export function SoftLabelInput({
  choices,
  value,
  onChange,
  onChosen,
  zoneRef,
  error,
}: {
  choices: string[];
  value: number[] | undefined;
  onChange: (p: number[]) => void;
  onChosen: () => void;
  zoneRef: (el: HTMLElement | null) => void;
  error?: string;
}) {
  const k = choices.length;
  const p = value && value.length === k ? value : Array.from({ length: k }, () => 0);
  const total = toPercent(p.reduce((s, x) => s + x, 0));
  const entropy = normalizedEntropy(p);
  const [splitting, setSplitting] = useState<number[] | null>(null);
  const splitRef = useRef<number[] | null>(null);
  const startSplit = (picked: number[] | null) => {
    splitRef.current = picked;
    setSplitting(picked);
  };
  const set = (i: number, percent: number) =>
    onChange(setShare(p, i, Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) / 100 : 0));
  const off = Math.abs(total - 100) > 0.5;

  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    if (ev.target !== ev.currentTarget || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const key = ev.key.toLowerCase();
    if (key === "h") {
      ev.preventDefault();
      startSplit(splitRef.current ? null : []);
      return;
    }
    const option = optionForKey(key, k);
    if (option === null) {
      if (key === "escape" && splitRef.current) {
        ev.preventDefault();
        startSplit(null);
      }
      return;
    }
    ev.preventDefault();
    const split = splitRef.current;
    if (split === null) {
      onChange(allOn(k, option));
      onChosen();
    } else if (split.length === 0) {
      startSplit([option]);
    } else {
      startSplit(null);
      onChange(splitBetween(k, split[0], option));
      onChosen();
    }
  };

  return (
    <fieldset className="soft-label" aria-describedby="soft-label-total">
      <legend className="label">Your probability for each option</legend>
      <div
        ref={zoneRef}
        id="soft-label-keys"
        className="soft-label-keys"
        tabIndex={0}
        role="group"
        aria-label={`Options: press 1 to ${Math.min(k, 9)} for 100% on one, h and two digits for half and half`}
        onKeyDown={onKeyDown}
        onBlur={() => startSplit(null)}
      >
        <ol className="soft-label-options">
          {choices.map((choice, i) => {
            const id = `share-${i}`;
            return (
              <li key={i} className={p[i] > 0 ? "soft-label-option chosen" : "soft-label-option"}>
                <span className="option-letter" aria-hidden>
                  {OPTION_LETTERS[i]}
                  <kbd className="key-hint">{i === 9 ? 0 : i + 1}</kbd>
                </span>
                <label htmlFor={id} className="option-text">
                  <span className="sr-only">Option {OPTION_LETTERS[i]}: </span>
                  <Markdown>{choice}</Markdown>
                </label>
                <span className="share">
                  <input
                    id={id}
                    type="number"
                    inputMode="decimal"
                    min={0}
                    max={100}
                    step={1}
                    value={toPercent(p[i])}
                    aria-invalid={!!error}
                    onFocus={(e) => e.currentTarget.select()}
                    onChange={(e) => set(i, e.target.valueAsNumber)}
                    className="share-number"
                  />
                  <span aria-hidden>%</span>
                </span>
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
        {splitting && (
          <p className="split-hint small" role="status">
            Half and half: {splitting.length ? `${OPTION_LETTERS[splitting[0]]} and …` : "press the first option"}
          </p>
        )}
      </div>
      <div className="row soft-label-footer">
        <span id="soft-label-total" className={off ? "total off" : "total"} aria-live="polite">
          Total <strong>{total}%</strong>
          {off
            ? ` — ${total < 100 ? `${Math.round((100 - total) * 10) / 10}% left to place` : `${Math.round((total - 100) * 10) / 10}% too much`}`
            : " ✓"}
        </span>
        {off && total > 0 && (
          <button type="button" className="btn small" onClick={() => onChange(normalize(p))}>
            Normalize to 100%
          </button>
        )}
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
