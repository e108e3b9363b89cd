import Link from "next/link";
import { Markdown } from "@/components/ui/Markdown";
import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { itemDetail } from "@/lib/items/detail";
import { pageAccess } from "@/lib/projects/page-access";
import { decimal, percent } from "@/lib/format";

export const metadata = { title: "Item" };
export const dynamic = "force-dynamic";

export default async function ItemPage({ params }: { params: Promise<{ slug: string; itemId: string }> }) {
  const { slug, itemId } = await params;
  const { project } = await pageAccess(slug, "RESEARCHER");
  const item = await itemDetail(await db(), project.id, itemId);
  if (!item) notFound();
  const letters = item.choices.map((_, i) => String.fromCharCode(65 + i));
  return (
    <div className="stack">
      <p>
        <Link href={`/projects/${slug}/items`}>← Items</Link>
      </p>
      <div className="card stack">
        <div className="row">
          <strong>{item.externalId}</strong>
          {item.source && <span className="badge">{item.source}</span>}
          {item.subject && <span className="badge">{item.subject}</span>}
          {item.isGold && <span className="badge ok">gold</span>}
          <span className="muted small">
            {item.questionWords} words · {item.annotationCount} finished labels
          </span>
        </div>
        <Markdown className="question-text">{item.question}</Markdown>
        {item.choices.length > 0 ? (
          <ol type="A">
            {item.choices.map((c, i) => (
              <li key={i} className={i === item.answerIndex ? "strong" : undefined}>
                <Markdown className="inline">{c}</Markdown>
                {i === item.answerIndex ? " ✓ (answer)" : ""}
              </li>
            ))}
          </ol>
        ) : (
          <p>
            <span className="label">Reference answer:</span> {item.answerText ?? "—"}
          </p>
        )}
        {Object.keys(item.metadata as object).length > 0 && (
          <details>
            <summary>Metadata</summary>
            <pre>{JSON.stringify(item.metadata, null, 2)}</pre>
          </details>
        )}
        {item.modelScores.length > 0 && (
          <p className="small">
            Model scores: {item.modelScores.map((m) => `${m.model} = ${decimal(m.score, 3)}`).join(", ")}
          </p>
        )}
      </div>
      <h2>Annotations</h2>
      {item.annotations.length === 0 ? (
        <div className="card empty">No annotations yet.</div>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Annotator</th>
                <th>Soft label / answer</th>
                <th className="num">Grade</th>
                <th className="num">Bloom</th>
                <th className="num">Steps</th>
                <th className="num">Difficulty</th>
                <th className="num">Time</th>
                <th>Flag</th>
              </tr>
            </thead>
            <tbody>
              {item.annotations.map((a) => (
                <tr key={a.id}>
                  <td>
                    {a.annotator.name ?? a.annotator.email}
                    {a.annotator.external ? <span className="badge ml-xs">external</span> : null}
                  </td>
                  <td>
                    {a.softLabel.length > 0
                      ? a.softLabel.map((p, i) => `${letters[i] ?? i}: ${percent(p)}`).join("  ")
                      : null}
                    {a.labelCounts.length > 0 ? `counts ${a.labelCounts.join("/")}` : null}
                    {a.answer ? `${a.answer}${a.confidence != null ? ` (${percent(a.confidence)})` : ""}` : null}
                  </td>
                  <td className="num">{a.gradeLevel ?? "—"}</td>
                  <td className="num">{a.bloom ?? "—"}</td>
                  <td className="num">{a.steps ?? "—"}</td>
                  <td className="num">{a.difficulty ?? "—"}</td>
                  <td className="num">{a.durationMs != null ? `${Math.round(a.durationMs / 1000)} s` : "—"}</td>
                  <td>
                    {a.flagged ? (
                      <span className="badge warn" title={a.comment ?? ""}>
                        flagged
                      </span>
                    ) : (
                      ""
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
