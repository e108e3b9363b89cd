-- A hash of what exports read live from the items (id, source, subject, question, choices) when the split was saved
ALTER TABLE "Split" ADD COLUMN "itemContentHash" TEXT;
