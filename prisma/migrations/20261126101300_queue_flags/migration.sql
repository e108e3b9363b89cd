-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "flagComment" TEXT,
ADD COLUMN     "flaggedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Item_projectId_isGold_doneCount_id_idx" ON "Item"("projectId", "isGold", "doneCount", "id");

