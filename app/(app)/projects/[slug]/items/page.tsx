import Link from "next/link";
import { db } from "@/lib/db";
import { itemFacets, itemListQuerySchema, listItems } from "@/lib/items/browse";
import { pageAccess } from "@/lib/projects/page-access";

export const metadata = { title: "Items" };
export const dynamic = "force-dynamic";

type Search = Record<string, string | undefined>;

export default async function ItemsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Search>;
}) {
  const { slug } = await params;
  const { project } = await pageAccess(slug, "RESEARCHER");
  const search = await searchParams;
  const parsed = itemListQuerySchema.safeParse(Object.fromEntries(Object.entries(search).filter(([, v]) => v !== "")));
  const query = parsed.success ? parsed.data : itemListQuerySchema.parse({});
  const prisma = await db();
  const [{ items, nextCursor }, facets] = await Promise.all([
    listItems(prisma, project.id, query),
    itemFacets(prisma, project.id),
  ]);
  const sources = [...new Set(facets.map((f) => f.source).filter(Boolean))] as string[];
  const subjects = [...new Set(facets.map((f) => f.subject).filter(Boolean))] as string[];
  const total = facets.reduce((s, f) => s + f.n, 0);
  const keep = (extra: Search) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...search, ...extra })) if (v) p.set(k, v);
    return `?${p}`;
  };
  return (
    <>
      <form className="row card" style={{ alignItems: "flex-end" }} method="get">
        <div className="field" style={{ flex: "2 1 220px" }}>
          <label htmlFor="q">Search</label>
          <input id="q" name="q" type="search" defaultValue={query.q} placeholder="Question text or id" />
        </div>
        <div className="field" style={{ flex: "1 1 140px" }}>
          <label htmlFor="source">Source</label>
          <select id="source" name="source" defaultValue={query.source ?? ""}>
            <option value="">All</option>
            {sources.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: "1 1 180px" }}>
          <label htmlFor="subject">Subject</label>
          <select id="subject" name="subject" defaultValue={query.subject ?? ""}>
            <option value="">All</option>
            {subjects.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: "0 1 110px" }}>
          <label htmlFor="gold">Gold</label>
          <select id="gold" name="gold" defaultValue={query.gold ?? ""}>
            <option value="">Any</option>
            <option value="true">Gold</option>
            <option value="false">Not gold</option>
          </select>
        </div>
        <div className="field" style={{ flex: "0 1 110px" }}>
          <label htmlFor="minAnnotations">Min labels</label>
          <input id="minAnnotations" name="minAnnotations" type="number" min={0} defaultValue={query.minAnnotations} />
        </div>
        <div className="field" style={{ flex: "0 1 110px" }}>
          <label htmlFor="maxAnnotations">Max labels</label>
          <input id="maxAnnotations" name="maxAnnotations" type="number" min={0} defaultValue={query.maxAnnotations} />
        </div>
        <button className="btn primary" type="submit">
          Filter
        </button>
        <Link className="btn ghost" href={`/projects/${slug}/items`}>
          Reset
        </Link>
      </form>
      {!parsed.success && (
        <p className="form-error" role="alert">
          Some filters were invalid and were ignored.
        </p>
      )}
      <p className="muted small">
        {total.toLocaleString()} items in the project{query.cursor ? " · later page" : ""}
      </p>
      {items.length === 0 ? (
        <div className="card empty">
          {total === 0 ? (
            <>
              <p>No questions yet.</p>
              <Link className="btn primary" href={`/projects/${slug}/import`}>
                Import questions
              </Link>
            </>
          ) : (
            <p>No item matches these filters.</p>
          )}
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Id</th>
                <th>Question</th>
                <th>Source</th>
                <th>Subject</th>
                <th>Answer</th>
                <th className="num">Labels</th>
                <th>Gold</th>
              </tr>
            </thead>
            <tbody>
              {items.map((it) => (
                <tr key={it.id}>
                  <td>
                    <Link href={`/projects/${slug}/items/${it.id}`}>{it.externalId}</Link>
                  </td>
                  <td className="truncate" title={it.question}>
                    {it.question}
                  </td>
                  <td>{it.source ?? "—"}</td>
                  <td>{it.subject ?? "—"}</td>
                  <td className="truncate" style={{ maxWidth: 160 }}>
                    {it.answerIndex != null ? String.fromCharCode(65 + it.answerIndex) : (it.answerText ?? "—")}
                  </td>
                  <td className="num">{it.annotations}</td>
                  <td>{it.isGold ? <span className="badge ok">gold</span> : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        {query.cursor && (
          <Link className="btn small" href={keep({ cursor: undefined })}>
            First page
          </Link>
        )}
        {nextCursor && (
          <Link className="btn small" href={keep({ cursor: nextCursor })}>
            Next page
          </Link>
        )}
      </div>
    </>
  );
}
