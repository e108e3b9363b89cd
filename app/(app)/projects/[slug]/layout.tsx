import type { ReactNode } from "react";
import { NavLinks } from "@/components/NavLinks";
import { canResearch } from "@/lib/auth/access";
import { pageAccess } from "@/lib/projects/page-access";

export default async function ProjectLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const { project, role } = await pageAccess(slug, "ANNOTATOR");
  const base = `/projects/${slug}`;
  const links = canResearch(role)
    ? [
        { href: base, label: "Overview" },
        { href: `${base}/annotate`, label: "Annotate" },
        { href: `${base}/items`, label: "Items" },
        { href: `${base}/import`, label: "Import" },
        { href: `${base}/hardness`, label: "Hardness" },
        { href: `${base}/correlations`, label: "Correlations" },
        { href: `${base}/entropy`, label: "Entropy" },
        { href: `${base}/quality`, label: "Calibration & quality" },
        { href: `${base}/progress`, label: "Progress" },
        { href: `${base}/splits`, label: "Splits" },
        { href: `${base}/studies`, label: "Studies" },
        { href: `${base}/sgr`, label: "SGR / PGR" },
        ...(role === "OWNER" ? [{ href: `${base}/settings`, label: "Settings" }] : []),
      ]
    : [{ href: `${base}/annotate`, label: "Annotate" }];
  return (
    <>
      <p className="small muted flush">Project{project.archivedAt ? " (archived)" : ""}</p>
      <h1 className="mb-sm">{project.name}</h1>
      <NavLinks links={links} className="subnav" exact />
      {children}
    </>
  );
}
