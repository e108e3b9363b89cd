import Link from "next/link";
import { db } from "@/lib/db";
import { facets } from "@/lib/hardness";
import { hardnessPage, hardnessQuerySchema, queryHardness } from "@/lib/hardness/table";
import { pageAccess } from "@/lib/projects/page-access";

export const metadata = { title: "Hardness" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;
type Search = Record<string, string | undefined>;

const show = (v: unknown) =>
  typeof v === "number"
    ? Number.isInteger(v)
      ? String(v)
      : v.toFixed(3)
    : v === null || v === undefined
      ? ""
      : String(v);

export default async function HardnessPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Search>;
}) {
  const { slug } = await params;
  const { project } = await pageAccess(slug, "RESEARCHER");
  const search = Object.fromEntries(
    Object.entries(await searchParams).filter(([, v]) => v !== undefined && v !== ""),
  ) as Record<string, string>;
  // The filter form names one range as rangeMeasure/rangeMin/rangeMax; the API spells it min.<measure>/max.<measure>.
  const { rangeMeasure, rangeMin, rangeMax, ...rest } = search;
  if (rangeMeasure && rangeMin !== undefined) rest[`min.${rangeMeasure}`] = rangeMin;
  if (rangeMeasure && rangeMax !== undefined) rest[`max.${rangeMeasure}`] = rangeMax;
  const parsed = hardnessQuerySchema.safeParse({ ...rest, format: "json" });
  const query = parsed.success ? parsed.data : hardnessQuerySchema.parse({});
  const selection = await queryHardness(await db(), project.id, { ...query, sort: query.sort ?? "normalizedEntropy" });
  const { sources, subjects } = facets(selection.table);
  const page = hardnessPage(selection, query.page, PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
  const sort = query.sort ?? "normalizedEntropy";
  const link = (extra: Record<string, string | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...rest, ...extra })) if (v !== undefined && v !== "") p.set(k, v);
    return `?${p}`;
  };
  const exportQuery = new URLSearchParams(Object.entries(rest).filter(([k]) => !["page", "format"].includes(k)));
  exportQuery.set("format", "csv");
  const ranges = [...query.ranges].filter(([name]) => selection.measures.some((m) => m.name === name));
  return (
    <div className="stack">
      <form className="card row" method="get" style={{ alignItems: "flex-end" }} aria-label="Filter items">
        <div className="field" style={{ flex: "1 1 150px" }}>
          <label htmlFor="source">Source</label>
          <select id="source" name="source" defaultValue={query.source ?? ""}>
            <option value="">All</option>
            {sources.map((s) => (
              <option key={s.value} value={s.value}>
                {s.value} ({s.count})
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: "1 1 150px" }}>
          <label htmlFor="subject">Subject</label>
          <select id="subject" name="subject" defaultValue={query.subject ?? ""}>
            <option value="">All</option>
            {subjects.map((s) => (
              <option key={s.value} value={s.value}>
                {s.value} ({s.count})
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: "1 1 180px" }}>
          <label htmlFor="rangeMeasure">Range of measure</label>
          <select id="rangeMeasure" name="rangeMeasure" defaultValue={ranges[0]?.[0] ?? ""}>
            <option value="">None</option>
            {selection.measures.map((m) => (
              <option key={m.name} value={m.name}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: "0 1 100px" }}>
          <label htmlFor="rangeMin">Min</label>
          <input id="rangeMin" name="rangeMin" type="number" step="any" defaultValue={ranges[0]?.[1].min ?? ""} />
        </div>
        <div className="field" style={{ flex: "0 1 100px" }}>
          <label htmlFor="rangeMax">Max</label>
          <input id="rangeMax" name="rangeMax" type="number" step="any" defaultValue={ranges[0]?.[1].max ?? ""} />
        </div>
        <input type="hidden" name="sort" value={sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <button className="btn primary" type="submit">
          Apply
        </button>
        <Link className="btn ghost" href="?">
          Reset
        </Link>
      </form>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <p className="muted small" style={{ margin: 0 }}>
          {page.total.toLocaleString()} items
          {ranges.length > 0
            ? ` with ${ranges.map(([m, r]) => `${r.min ?? "−∞"} ≤ ${m} ≤ ${r.max ?? "∞"}`).join(", ")}`
            : ""}{" "}
          · sorted by {sort} ({query.dir === "asc" ? "ascending" : "descending"}) · empty cells are missing values
        </p>
        <a className="btn small" href={`/api/v1/projects/${slug}/hardness?${exportQuery}`} download>
          Download CSV
        </a>
      </div>
      {page.total === 0 ? (
        <div className="card empty">No items match. Import questions, or widen the filters.</div>
      ) : (
        <div className="table-wrap">
          <table className="table hardness-table">
            <thead>
              <tr>
                <th scope="col">
                  <Link
                    href={link({
                      sort: "externalId",
                      dir: sort === "externalId" && query.dir === "asc" ? "desc" : "asc",
                      page: undefined,
                    })}
                  >
                    Item
                  </Link>
                </th>
                <th scope="col">Source</th>
                <th scope="col">Subject</th>
                {selection.measures.map((m) => {
                  const active = sort === m.name;
                  const dir = active && query.dir === "desc" ? "asc" : "desc";
                  return (
                    <th
                      key={m.name}
                      scope="col"
                      className="num"
                      title={m.description}
                      aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : "none"}
                    >
                      <Link href={link({ sort: m.name, dir, page: undefined })}>
                        {m.label}
                        {active ? (query.dir === "asc" ? " ▲" : " ▼") : ""}
                      </Link>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {page.items.map((row) => (
                <tr key={row.itemId}>
                  <td>
                    <Link href={`/projects/${slug}/items/${row.itemId}`}>{row.externalId}</Link>
                  </td>
                  <td>{row.source ?? ""}</td>
                  <td>{row.subject ?? ""}</td>
                  {selection.measures.map((m) => (
                    <td key={m.name} className="num">
                      {show(row[m.name])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="row" aria-label="Pages">
        {query.page > 1 ? (
          <Link className="btn small" href={link({ page: String(query.page - 1) })}>
            Previous
          </Link>
        ) : null}
        <span className="small muted">
          Page {Math.min(query.page, pages)} of {pages}
        </span>
        {query.page < pages ? (
          <Link className="btn small" href={link({ page: String(query.page + 1) })}>
            Next
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
