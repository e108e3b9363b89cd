import Link from "next/link";
import { DataTable, type Column, type SortState } from "@/components/ui/DataTable";
import { FilterBar } from "@/components/ui/FilterBar";
import { db } from "@/lib/db";
import { measure, plural } from "@/lib/format";
import { facets } from "@/lib/hardness";
import { hardnessPage, hardnessQuerySchema, queryHardness, type HardnessRow } from "@/lib/hardness/table";
import { pageAccess } from "@/lib/projects/page-access";

export const metadata = { title: "Hardness" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;
type Search = Record<string, string | undefined>;

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
  const label = (name: string) => selection.measures.find((m) => m.name === name)?.label ?? name;
  const sortBy = (name: string, first: "asc" | "desc"): SortState => {
    const active = sort === name;
    const dir = active ? (query.dir === "asc" ? "desc" : "asc") : first;
    return { href: link({ sort: name, dir, page: undefined }), active, dir: active ? query.dir : first };
  };
  const measureColumn = (m: (typeof selection.measures)[number]): Column<HardnessRow> => ({
    key: m.name,
    header: m.label,
    title: `${m.description} (${m.name})`,
    numeric: true,
    sticky: m.name === sort,
    sort: sortBy(m.name, "desc"),
    cell: (row) => measure(row[m.name]),
  });
  const sorted = selection.measures.find((m) => m.name === sort);
  // The item column and the sorted column come first and stay in view while the other measures scroll sideways.
  const columns: Column<HardnessRow>[] = [
    {
      key: "item",
      header: "Item",
      sticky: true,
      sort: sortBy("externalId", "asc"),
      cell: (row) => <Link href={`/projects/${slug}/items/${row.itemId}`}>{row.externalId}</Link>,
    },
    ...(sorted ? [measureColumn(sorted)] : []),
    { key: "source", header: "Source", cell: (row) => row.source ?? "" },
    { key: "subject", header: "Subject", cell: (row) => row.subject ?? "" },
    ...selection.measures.filter((m) => m !== sorted).map(measureColumn),
  ];
  return (
    <div className="stack">
      <FilterBar
        label="Filter items"
        submitLabel="Apply"
        resetHref="?"
        hidden={{ sort, dir: query.dir }}
        filters={[
          {
            kind: "select",
            name: "source",
            label: "Source",
            value: query.source,
            options: sources.map((s) => ({ value: s.value, label: `${s.value} (${s.count})` })),
          },
          {
            kind: "select",
            name: "subject",
            label: "Subject",
            value: query.subject,
            options: subjects.map((s) => ({ value: s.value, label: `${s.value} (${s.count})` })),
          },
          {
            kind: "select",
            name: "rangeMeasure",
            label: "Range of measure",
            value: ranges[0]?.[0],
            anyLabel: "None",
            options: selection.measures.map((m) => ({ value: m.name, label: m.label })),
          },
          { kind: "number", name: "rangeMin", label: "Min", value: ranges[0]?.[1].min, step: "any", width: "narrow" },
          { kind: "number", name: "rangeMax", label: "Max", value: ranges[0]?.[1].max, step: "any", width: "narrow" },
        ]}
      />
      <div className="row spread">
        <p className="muted small flush">
          {plural(page.total, "item")}
          {ranges.length > 0
            ? ` with ${ranges.map(([m, r]) => `${r.min ?? "−∞"} ≤ ${label(m)} ≤ ${r.max ?? "∞"}`).join(", ")}`
            : ""}{" "}
          · sorted by {sort === "externalId" ? "item id" : label(sort)} (
          {query.dir === "asc" ? "ascending" : "descending"}) · empty cells are missing values
        </p>
        <a className="btn small" href={`/api/v1/projects/${slug}/hardness?${exportQuery}`} download>
          Download CSV
        </a>
      </div>
      {page.total === 0 ? (
        <div className="card empty">No items match. Import questions, or widen the filters.</div>
      ) : (
        <DataTable
          label="Hardness measures per item"
          className="hardness-table"
          rows={page.items}
          rowKey={(row) => row.itemId}
          columns={columns}
        />
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
