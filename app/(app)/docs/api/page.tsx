import { endpoints } from "@/app/api/endpoints";
import { openApiDocument } from "@/lib/api/openapi";

export const metadata = { title: "API" };

type Param = { name: string; in: string; required?: boolean; description?: string; schema: Record<string, unknown> };
type Operation = {
  tags: string[];
  summary: string;
  description: string;
  operationId: string;
  parameters: Param[];
  requestBody?: { description?: string; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { description: string }>;
};

function typeOf(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map(String).join(" | ");
  const base = String(schema.type ?? "any");
  const range = [
    schema.minimum !== undefined && `≥ ${schema.minimum}`,
    schema.maximum !== undefined && `≤ ${schema.maximum}`,
  ]
    .filter(Boolean)
    .join(", ");
  return `${base}${schema.format ? ` (${schema.format})` : ""}${range ? ` ${range}` : ""}${schema.default !== undefined ? `, default ${JSON.stringify(schema.default)}` : ""}`;
}

/** Text with `code` spans, as the document's descriptions write them. */
function inline(text: string) {
  return text.split("`").map((part, k) => (k % 2 === 1 ? <code key={k}>{part}</code> : part));
}

/** The OpenAPI document as a readable page: endpoints grouped by tag with parameters, bodies and responses. */
export default function ApiDocsPage() {
  const doc = openApiDocument(endpoints());
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
  );
  return (
    <div className="stack">
      <h1>Hardlab API</h1>
      <div className="card stack">
        <p className="flush">{inline(doc.info.description)}</p>
        <pre className="flush">
          curl -H &quot;Authorization: Bearer $HARDLAB_TOKEN&quot; https://your-hardlab/api/v1/projects
        </pre>
        <p className="small muted flush">
          Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI {doc.openapi}). Create a
          token with POST /api/v1/tokens; it is shown once. Project endpoints answer 404 to non-members so that project
          names do not leak.
        </p>
      </div>
      <nav aria-label="API sections" className="row small">
        {doc.tags.map((t) => (
          <a key={t.name} href={`#tag-${t.name}`}>
            {t.name}
          </a>
        ))}
      </nav>
      {doc.tags.map(({ name }) => (
        <section key={name} id={`tag-${name}`} className="stack">
          <h2>{name}</h2>
          {operations
            .filter(({ op }) => op.tags[0] === name)
            .map(({ path, method, op }) => {
              const body = op.requestBody ? Object.entries(op.requestBody.content)[0] : null;
              return (
                <article
                  key={op.operationId}
                  id={op.operationId}
                  className="card stack"
                  aria-label={`${method.toUpperCase()} ${path}`}
                >
                  <div className="row">
                    <span className={`badge method method-${method}`}>{method.toUpperCase()}</span>
                    <code>{path}</code>
                    <span className="muted">{op.summary}</span>
                  </div>
                  {op.description.split("\n\n").map((p) => (
                    <p key={p} className="small flush">
                      {inline(p)}
                    </p>
                  ))}
                  {op.parameters.length > 0 && (
                    <div className="table-wrap">
                      <table className="table">
                        <thead>
                          <tr>
                            <th>Parameter</th>
                            <th>In</th>
                            <th>Type</th>
                            <th>Description</th>
                          </tr>
                        </thead>
                        <tbody>
                          {op.parameters.map((p) => (
                            <tr key={`${p.in}-${p.name}`}>
                              <td>
                                <code>{p.name}</code>
                                {p.required && <span className="badge warn ml-xs">required</span>}
                              </td>
                              <td>{p.in}</td>
                              <td className="small">{typeOf(p.schema)}</td>
                              <td className="small">{p.description ?? ""}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  )}
                  {body && (
                    <details>
                      <summary className="small">
                        Request body: <code>{body[0]}</code>
                        {op.requestBody?.description ? ` (${op.requestBody.description})` : ""}
                      </summary>
                      <pre className="small">{JSON.stringify(body[1].schema, null, 2)}</pre>
                    </details>
                  )}
                  <ul className="small flush indent">
                    {Object.entries(op.responses).map(([status, r]) => (
                      <li key={status}>
                        <code>{status}</code> {inline(r.description)}
                      </li>
                    ))}
                  </ul>
                </article>
              );
            })}
        </section>
      ))}
    </div>
  );
}
