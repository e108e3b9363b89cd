-- Item filters by source and subject are served by the (projectId, externalId) index: one index fewer to maintain on import.
DROP INDEX "Item_projectId_source_subject_idx";

-- The queue's (projectId, isGold, doneCount, id) index serves the least-annotated-first order.
DROP INDEX "Item_projectId_doneCount_idx";
