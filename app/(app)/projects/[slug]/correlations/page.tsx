import { CorrelationExplorer } from "@/components/dashboards/CorrelationExplorer";
import { db } from "@/lib/db";
import { facets, measuresOf, projectHardness } from "@/lib/hardness";
import { DEFAULT_MEASURES } from "@/lib/hardness/correlations";
import { measureColumn } from "@/lib/hardness/measures";
import { pageAccess } from "@/lib/projects/page-access";

export const metadata = { title: "Correlations" };
export const dynamic = "force-dynamic";

export default async function CorrelationsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project } = await pageAccess(slug, "RESEARCHER");
  const prisma = await db();
  // One cache check for both the measure list and the table.
  const hardness = await projectHardness(prisma, project.id);
  const [measures, table] = [measuresOf(hardness), hardness.table];
  const { sources, subjects } = facets(table);
  const present = (name: string) => measureColumn(table.measures, name)?.some((v) => v === v);
  const defaults = [
    ...DEFAULT_MEASURES,
    ...measures.filter((m) => m.group === "prior" || m.group === "model").map((m) => m.name),
  ]
    .filter(present)
    .slice(0, 10);
  if (table.itemIds.length === 0)
    return (
      <div className="card empty">No items yet. Import questions to see how their hardness measures correlate.</div>
    );
  return (
    <CorrelationExplorer
      slug={slug}
      measures={measures.filter((m) => present(m.name))}
      defaults={
        defaults.length >= 2
          ? defaults
          : measures
              .filter((m) => present(m.name))
              .slice(0, 2)
              .map((m) => m.name)
      }
      sources={sources.map((s) => s.value)}
      subjects={subjects.map((s) => s.value)}
    />
  );
}
