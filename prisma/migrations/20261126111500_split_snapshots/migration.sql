-- AlterTable
ALTER TABLE "Split" ADD COLUMN     "measureNames" TEXT[],
ADD COLUMN     "summary" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "SplitItem" ADD COLUMN     "measures" DOUBLE PRECISION[],
ADD COLUMN     "ordinal" INTEGER NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "SplitItem_splitId_ordinal_key" ON "SplitItem"("splitId", "ordinal");

