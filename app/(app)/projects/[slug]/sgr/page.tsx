import { SgrCalculator } from "@/components/splits/SgrCalculator";
import { db } from "@/lib/db";
import { pageAccess } from "@/lib/projects/page-access";
import { listSplits } from "@/lib/splits/store";

export const dynamic = "force-dynamic";
export const metadata = { title: "SGR / PGR" };

type SplitCountsJson = { test: number; byHardness?: { test: { hard: number } } };

/** The protocol's SGR test set is the hard test items; the other recipes' is the whole test partition. */
const testItems = (counts: SplitCountsJson) =>
  counts.byHardness ? { test: counts.byHardness.test.hard, hardTest: true } : { test: counts.test, hardTest: false };

export default async function SgrPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project } = await pageAccess(slug, "RESEARCHER");
  const splits = await listSplits(await db(), project.id);
  return (
    <div className="stack">
      <h2 className="mt-0">Supervision / performance gap recovered</h2>
      <p className="muted small">
        SGR (Hase et al., 2024) = (easy − unsupervised) / (hard − unsupervised): how much of the gain from training on
        hard data training on easy data recovers. PGR (Burns et al., 2023) = (weak-to-strong − weak) / (strong − weak).
        Enter test accuracies, or upload per-item correctness on a split&apos;s test items for a paired bootstrap
        interval. For a split of the easy-to-hard protocol, every accuracy is read on its hard test items: the models
        trained on the easy, medium, hard or all train items are compared on the same items none of them trained on.
      </p>
      <SgrCalculator
        slug={slug}
        splits={splits.map((s) => ({
          id: s.id,
          label: `${s.name} v${s.version}`,
          ...testItems(s.counts as SplitCountsJson),
        }))}
      />
    </div>
  );
}
