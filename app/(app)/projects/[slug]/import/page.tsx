import { ImportForm } from "@/components/items/ImportForm";
import { importFormats } from "@/lib/items";
import { pageAccess } from "@/lib/projects/page-access";

export const metadata = { title: "Import questions" };
export const dynamic = "force-dynamic";

export default async function ImportPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await pageAccess(slug, "RESEARCHER");
  return (
    <>
      <h2 className="mt-0">Import questions</h2>
      <p className="muted small">
        An import is all or nothing: if any row is invalid, nothing is written and the rows to fix are listed. Large
        files (hundreds of MB) are streamed. Scripts can POST the file to{" "}
        <code>/api/v1/projects/{slug}/items?format=…</code>.
      </p>
      <ImportForm
        slug={slug}
        formats={importFormats.map((f) => ({
          format: f.format,
          label: f.label,
          description: f.description,
          accept: f.accept,
        }))}
      />
    </>
  );
}
