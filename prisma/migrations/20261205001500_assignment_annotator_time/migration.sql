-- An annotator's assignments in time order: their gold attempts (lib/queue/gold.ts) walk this index newest or oldest
-- first and stop at the window's size, instead of joining every gold item of the project.
CREATE INDEX "Assignment_annotatorId_createdAt_id_idx" ON "Assignment"("annotatorId", "createdAt", "id");
