import Link from "next/link";

type Width = "wide" | "medium" | "narrow";
type Common = { name: string; label: string; width?: Width };
export type Filter =
  | (Common & { kind: "search"; value?: string; placeholder?: string })
  | (Common & { kind: "select"; value?: string; options: { value: string; label?: string }[]; anyLabel?: string })
  | (Common & { kind: "number"; value?: number | string; min?: number; step?: string });

/** The filter row above a table: a GET form, so a filtered view is a link that can be shared and reloaded. */
export function FilterBar({
  filters,
  label,
  hidden = {},
  submitLabel = "Filter",
  resetHref,
}: {
  filters: Filter[];
  label: string;
  hidden?: Record<string, string | undefined>;
  submitLabel?: string;
  resetHref: string;
}) {
  return (
    <form className="card row filter-bar" method="get" aria-label={label}>
      {filters.map((f) => (
        <div key={f.name} className={`field filter-${f.width ?? "medium"}`}>
          <label htmlFor={f.name}>{f.label}</label>
          {f.kind === "select" ? (
            <select id={f.name} name={f.name} defaultValue={f.value ?? ""}>
              <option value="">{f.anyLabel ?? "All"}</option>
              {f.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label ?? o.value}
                </option>
              ))}
            </select>
          ) : f.kind === "search" ? (
            <input id={f.name} name={f.name} type="search" defaultValue={f.value} placeholder={f.placeholder} />
          ) : (
            <input id={f.name} name={f.name} type="number" min={f.min} step={f.step} defaultValue={f.value ?? ""} />
          )}
        </div>
      ))}
      {Object.entries(hidden).map(([name, value]) =>
        value === undefined ? null : <input key={name} type="hidden" name={name} value={value} />,
      )}
      <button className="btn primary" type="submit">
        {submitLabel}
      </button>
      <Link className="btn ghost" href={resetHref}>
        Reset
      </Link>
    </form>
  );
}
