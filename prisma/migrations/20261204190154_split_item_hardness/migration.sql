-- AlterTable
ALTER TABLE "SplitItem" ADD COLUMN     "hardness" TEXT;
