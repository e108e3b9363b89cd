import Link from "next/link";
import { DataTable } from "@/components/ui/DataTable";
import { FilterBar } from "@/components/ui/FilterBar";
import { db } from "@/lib/db";
import { plural } from "@/lib/format";
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
      <FilterBar
        label="Filter items"
        resetHref={`/projects/${slug}/items`}
        filters={[
          {
            kind: "search",
            name: "q",
            label: "Search",
            value: query.q,
            placeholder: "Question text or id",
            width: "wide",
          },
          {
            kind: "select",
            name: "source",
            label: "Source",
            value: query.source,
            options: sources.map((value) => ({ value })),
          },
          {
            kind: "select",
            name: "subject",
            label: "Subject",
            value: query.subject,
            options: subjects.map((value) => ({ value })),
          },
          {
            kind: "select",
            name: "gold",
            label: "Gold",
            value: query.gold,
            anyLabel: "Any",
            options: [
              { value: "true", label: "Gold" },
              { value: "false", label: "Not gold" },
            ],
            width: "narrow",
          },
          {
            kind: "number",
            name: "minAnnotations",
            label: "Min labels",
            value: query.minAnnotations,
            min: 0,
            width: "narrow",
          },
          {
            kind: "number",
            name: "maxAnnotations",
            label: "Max labels",
            value: query.maxAnnotations,
            min: 0,
            width: "narrow",
          },
        ]}
      />
      {!parsed.success && (
        <p className="form-error" role="alert">
          Some filters were invalid and were ignored.
        </p>
      )}
      <p className="muted small">
        {plural(total, "item")} in the project{query.cursor ? " · later page" : ""}
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
        <DataTable
          label="Items"
          rows={items}
          rowKey={(it) => it.id}
          columns={[
            {
              key: "id",
              header: "Id",
              cell: (it) => <Link href={`/projects/${slug}/items/${it.id}`}>{it.externalId}</Link>,
            },
            {
              key: "question",
              header: "Question",
              className: "truncate",
              cell: (it) => <span title={it.question}>{it.question}</span>,
            },
            { key: "source", header: "Source", cell: (it) => it.source ?? "—" },
            { key: "subject", header: "Subject", cell: (it) => it.subject ?? "—" },
            {
              key: "answer",
              header: "Answer",
              className: "truncate narrow",
              cell: (it) =>
                it.answerIndex != null ? String.fromCharCode(65 + it.answerIndex) : (it.answerText ?? "—"),
            },
            { key: "labels", header: "Labels", numeric: true, cell: (it) => it.annotations },
            { key: "gold", header: "Gold", cell: (it) => (it.isGold ? <span className="badge ok">gold</span> : "") },
          ]}
        />
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
