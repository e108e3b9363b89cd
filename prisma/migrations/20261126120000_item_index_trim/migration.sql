-- Item filters by source and subject are served by the (projectId, externalId) index: one index fewer to maintain on import.
DROP INDEX "Item_projectId_source_subject_idx";
