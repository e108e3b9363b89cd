import { NewProjectForm } from "@/components/projects/ProjectForm";

export const metadata = { title: "New project" };

export default function NewProjectPage() {
  return (
    <>
      <h1>New project</h1>
      <NewProjectForm />
    </>
  );
}
