import Link from "next/link";
import { LocalTime } from "@/components/ui/LocalTime";
import { count, plural } from "@/lib/format";
import { CalibrationChart } from "@/components/annotate/CalibrationChart";
import { Markdown } from "@/components/ui/Markdown";
import { annotatorHome } from "@/lib/annotations/home";
import { currentUser } from "@/lib/auth/caller";
import { db } from "@/lib/db";

export const metadata = { title: "My work" };
export const dynamic = "force-dynamic";

export default async function AnnotatorHomePage() {
  const user = (await currentUser())!;
  const projects = await annotatorHome(await db(), user);
  return (
    <>
      <h1>My work</h1>
      {projects.length === 0 ? (
        <div className="card empty">
          <p>You are not in any project yet.</p>
          <p className="small">Ask a project&apos;s researchers for an invite link.</p>
        </div>
      ) : (
        <div className="stack">
          {projects.map((p) => {
            const pct = p.progress.items ? Math.round((100 * p.progress.complete) / p.progress.items) : 0;
            const q = p.qualification;
            return (
              <section key={p.slug} className="card stack" aria-labelledby={`project-${p.slug}`}>
                <div className="row spread">
                  <h2 id={`project-${p.slug}`} className="flush">
                    {p.name}
                  </h2>
                  {p.archived ? (
                    <span className="badge">archived</span>
                  ) : (
                    <Link className="btn primary" href={`/projects/${p.slug}/annotate`}>
                      Annotate
                    </Link>
                  )}
                </div>
                <div>
                  <progress
                    className="progress full"
                    value={pct}
                    max={100}
                    aria-label={`${pct}% of the project's items have all their annotations`}
                  />
                  <p className="small muted">
                    You labelled <strong>{count(p.mine)}</strong> {p.mine === 1 ? "item" : "items"}
                    {p.lastAnnotatedAt ? (
                      <>
                        , last on <LocalTime value={p.lastAnnotatedAt} />
                      </>
                    ) : null}{" "}
                    · project {pct}% complete ({count(p.progress.complete)} of {plural(p.progress.items, "item")})
                  </p>
                </div>
                {q.required && (
                  <p className={q.status === "failed" ? "form-error" : "notice"}>
                    Qualification:{" "}
                    {q.status === "passed"
                      ? "passed"
                      : q.status === "failed"
                        ? "not passed"
                        : `${q.answered} of ${q.items} check questions done`}{" "}
                    ({Math.round(q.minScore * 100)}% needed)
                  </p>
                )}
                <div>
                  <h3>My calibration</h3>
                  <CalibrationChart points={p.calibration} label={`Calibration in ${p.name}`} />
                </div>
                {p.instructions.trim() && (
                  <details>
                    <summary>Instructions</summary>
                    <Markdown>{p.instructions}</Markdown>
                  </details>
                )}
              </section>
            );
          })}
        </div>
      )}
    </>
  );
}
