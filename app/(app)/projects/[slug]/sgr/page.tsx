import { SgrCalculator } from "@/components/splits/SgrCalculator";
import { db } from "@/lib/db";
import { pageAccess } from "@/lib/projects/page-access";
import { listSplits } from "@/lib/splits/store";

export const dynamic = "force-dynamic";
export const metadata = { title: "SGR / PGR" };

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
        interval.
      </p>
      <SgrCalculator
        slug={slug}
        splits={splits.map((s) => ({
          id: s.id,
          label: `${s.name} v${s.version}`,
          test: (s.counts as { test: number }).test,
        }))}
      />
    </div>
  );
}
