import { Markdown } from "@/components/ui/Markdown";
import { BLOOM_LEVELS, DIFFICULTY_LEVELS, MAX_STEPS } from "@/lib/annotations/scales";
import type { ProjectSettings } from "@/lib/projects/schemas";

/**
 * What the annotator is asked to do: the project's instructions and the definition of each scale the project collects,
 * with an example question per Bloom level. Shown beside the item on wide screens, above it on narrow ones.
 */
export function Guidelines({
  instructions,
  fields,
  onClose,
}: {
  instructions: string;
  fields: ProjectSettings["fields"];
  onClose: () => void;
}) {
  return (
    <aside className="card guidelines" aria-labelledby="guidelines-title">
      <div className="row guidelines-head">
        <h2 id="guidelines-title">Guidelines</h2>
        <button type="button" className="btn small ghost" onClick={onClose}>
          Hide <kbd className="key-hint">i</kbd>
        </button>
      </div>
      {instructions.trim() && <Markdown className="guidelines-instructions">{instructions}</Markdown>}
      {fields.softLabel && (
        <section>
          <h3>Probabilities</h3>
          <p>
            Your probability that each option is right, totalling 100%. Put 100% on one option only when you are sure;
            spread it when you are not. A free-response question asks for your answer and how likely it is right.
          </p>
        </section>
      )}
      {fields.gradeLevel && (
        <section>
          <h3>Grade level</h3>
          <p>
            The school level at which a student could answer the question: 0 (kindergarten) to 12, 13 undergraduate, 14
            graduate or professional.
          </p>
        </section>
      )}
      {fields.steps && (
        <section>
          <h3>Reasoning steps</h3>
          <p>
            The separate inferences or calculations a solver needs, 1 to {MAX_STEPS}. Recalling one fact is 1 step;
            “find the speed, then the time” is 2.
          </p>
        </section>
      )}
      {fields.difficulty && (
        <section>
          <h3>Difficulty</h3>
          <dl>
            {DIFFICULTY_LEVELS.map((d) => (
              <div key={d.value}>
                <dt>
                  {d.value} · {d.label}
                </dt>
                <dd>{d.description}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {fields.bloom && (
        <section>
          <h3>Bloom skill</h3>
          <dl>
            {BLOOM_LEVELS.map((b) => (
              <div key={b.value}>
                <dt>
                  {b.value} · {b.label}
                </dt>
                <dd>
                  {b.description} <span className="muted">Example: {b.example}</span>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </aside>
  );
}
