import { AnnotateWorkspace } from "@/components/annotate/AnnotateWorkspace";
import { pageAccess } from "@/lib/projects/page-access";
import { readSettings } from "@/lib/projects/schemas";

export const metadata = { title: "Annotate" };
export const dynamic = "force-dynamic";

export default async function AnnotatePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project } = await pageAccess(slug, "ANNOTATOR");
  const settings = readSettings(project.settings);
  return project.archivedAt ? (
    <div className="card empty">This project is archived and takes no more annotations.</div>
  ) : (
    <AnnotateWorkspace slug={slug} fields={settings.fields} instructions={project.instructions} />
  );
}
