import { SplitBuilder } from "@/components/splits/SplitBuilder";
import { SplitList } from "@/components/splits/SplitList";
import { db } from "@/lib/db";
import { listMeasures } from "@/lib/hardness";
import { pageAccess } from "@/lib/projects/page-access";
import { readSettings } from "@/lib/projects/schemas";
import { describeRecipe } from "@/lib/splits/describe";
import { splitRecipeSchema } from "@/lib/splits/schemas";
import { listSplits } from "@/lib/splits/store";

export const dynamic = "force-dynamic";
export const metadata = { title: "Splits" };

export default async function SplitsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project } = await pageAccess(slug, "RESEARCHER");
  const prisma = await db();
  const [measures, splits] = await Promise.all([listMeasures(prisma, project.id), listSplits(prisma, project.id)]);
  const labels = new Map(measures.map((m) => [m.name, m.label]));
  const label = (name: string) => labels.get(name) ?? name;
  return (
    <div className="stack">
      <h2 className="card-title">Build a split</h2>
      <p className="muted small">
        Easy-to-hard: train on easy items, test on hard ones. Weak labels: train on every item&apos;s pooled human
        label. Confidence: keep items whose pooled label is confident enough. Test items always carry the gold answer.
      </p>
      <SplitBuilder
        slug={slug}
        k={readSettings(project.settings).k}
        measures={measures.map(({ name, label, group }) => ({ name, label, group }))}
      />
      <h2>Saved splits</h2>
      <SplitList
        splits={splits.map(({ recipe, ...s }) => {
          const parsed = splitRecipeSchema.safeParse(recipe);
          return {
            ...s,
            createdAt: s.createdAt.toISOString(),
            counts: s.counts as Record<string, number>,
            kind: parsed.success ? parsed.data.kind : String((recipe as { kind?: unknown })?.kind ?? "recipe"),
            recipe: parsed.success ? describeRecipe(parsed.data, label) : ["A recipe this version cannot read"],
          };
        })}
      />
    </div>
  );
}
