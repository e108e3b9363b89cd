import { DangerZone } from "@/components/projects/DangerZone";
import { MembersPanel } from "@/components/projects/MembersPanel";
import { ProjectSettingsForm } from "@/components/projects/ProjectSettingsForm";
import { db } from "@/lib/db";
import { pageAccess } from "@/lib/projects/page-access";
import { readSettings } from "@/lib/projects/schemas";
import { listMembers } from "@/lib/projects/service";

export const metadata = { title: "Project settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project } = await pageAccess(slug, "OWNER");
  const members = await listMembers(await db(), project.id);
  return (
    <div className="stack">
      <ProjectSettingsForm
        slug={slug}
        initial={{
          name: project.name,
          description: project.description,
          instructions: project.instructions,
          settings: readSettings(project.settings),
        }}
      />
      <MembersPanel slug={slug} members={members} />
      <DangerZone slug={slug} archived={project.archivedAt !== null} />
    </div>
  );
}
