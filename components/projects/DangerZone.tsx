"use client";
import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/ConfirmButton";
import { apiFetch } from "@/lib/api/client";

export function DangerZone({ slug, archived }: { slug: string; archived: boolean }) {
  const router = useRouter();
  return (
    <div className="card stack">
      <h2 className="mt-0">Archive or delete</h2>
      <div className="row">
        <ConfirmButton
          className="btn"
          label={archived ? "Unarchive" : "Archive"}
          title={archived ? "Unarchive the project?" : "Archive the project?"}
          body={
            archived
              ? "It shows in project lists again."
              : "It is hidden from project lists; nothing is deleted and you can unarchive it."
          }
          onConfirm={async () => {
            await apiFetch(`/api/v1/projects/${slug}`, { method: "PATCH", body: { archived: !archived } });
            router.refresh();
          }}
        />
        <ConfirmButton
          label="Delete project"
          title="Delete this project?"
          confirmText={slug}
          body="All its items, annotations, splits and memberships are deleted for good."
          onConfirm={async () => {
            await apiFetch(`/api/v1/projects/${slug}`, { method: "DELETE" });
            router.push("/projects");
            router.refresh();
          }}
        />
      </div>
    </div>
  );
}
