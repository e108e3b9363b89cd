-- CreateIndex
CREATE INDEX "Annotation_projectId_id_idx" ON "Annotation"("projectId", "id");
