"use client";
import { useId, useState } from "react";
import { StudyForm } from "./StudyForm";

/** The "New study" button and its form; open from the start when the project has no study yet. */
export function NewStudy({ slug, open: initiallyOpen }: { slug: string; open: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  const id = useId();
  return (
    <section className="card stack" aria-labelledby={`${id}-title`}>
      <div className="row spread">
        <h3 id={`${id}-title`} className="flush">
          New study
        </h3>
        <button
          type="button"
          className="btn"
          aria-expanded={open}
          aria-controls={`${id}-form`}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? "Hide the form" : "Create a study"}
        </button>
      </div>
      <div id={`${id}-form`} hidden={!open}>
        <StudyForm mode="create" slug={slug} />
      </div>
    </section>
  );
}
