-- The queue's lease in one call: one round trip where the application took five (held-lease check, BEGIN, pick,
-- write, COMMIT). Called by lib/queue/next.ts, which decides whether a gold item is wanted and whether real items may
-- be served (not during a qualification round). "Others' live leases" is the rule of ACTIVE_LEASES_OF_OTHERS there.

-- Writes the lease of one item, or renews the annotator's own expired one; with `capped` only while the item's finished
-- annotations and others' live leases leave room under k. The lease's expiry, or null when nothing was written.
CREATE OR REPLACE FUNCTION hardlab_write_lease(
  item_id text, annotator_id text, k int, lease_minutes int, capped boolean
) RETURNS timestamp(3)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  expires timestamp(3);
BEGIN
  INSERT INTO "Assignment" (id, "itemId", "annotatorId", status, "leaseExpiresAt", "createdAt", "updatedAt")
  SELECT gen_random_uuid()::text, item_id, annotator_id, 'LEASED', now() + make_interval(mins => lease_minutes),
         now(), now()
  WHERE NOT capped
     OR (SELECT j."doneCount" FROM "Item" j WHERE j.id = item_id)
        + (SELECT count(*) FROM "Assignment" l
           WHERE l."itemId" = item_id AND l.status = 'LEASED' AND l."leaseExpiresAt" > now()
             AND l."annotatorId" <> annotator_id) < k
  ON CONFLICT ("itemId", "annotatorId") DO UPDATE
    SET status = 'LEASED', "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", "createdAt" = now(), "updatedAt" = now()
    WHERE "Assignment".status IN ('LEASED', 'EXPIRED')
  RETURNING "leaseExpiresAt" INTO expires;
  RETURN expires;
END
$$;

CREATE OR REPLACE FUNCTION hardlab_lease(
  project_id text, annotator_id text, k int, lease_minutes int, want_gold boolean, real_items boolean
) RETURNS TABLE (id text, source text, subject text, question text, choices text[], "leaseExpiresAt" timestamp(3))
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  picked record;
  tried text[] := '{}';
  expires timestamp(3);
BEGIN
  -- One annotator's requests in one project take turns (a double click must not lease two items). Every statement
  -- below takes a new snapshot, so it sees the lease a request that held this lock before us committed.
  PERFORM pg_advisory_xact_lock(hashtextextended('queue:' || project_id || ':' || annotator_id, 0));

  -- A held, unexpired lease is returned again: a reload does not burn items.
  RETURN QUERY
    SELECT i.id, i.source, i.subject, i.question, i.choices, s."leaseExpiresAt"
    FROM "Assignment" s JOIN "Item" i ON i.id = s."itemId"
    WHERE s."annotatorId" = annotator_id AND s.status = 'LEASED' AND s."leaseExpiresAt" > now()
      AND i."projectId" = project_id
    ORDER BY s."createdAt" LIMIT 1;
  IF FOUND THEN RETURN; END IF;

  -- Gold items are not capped by k: every annotator may get each once, least-used first.
  IF want_gold THEN
    SELECT i.id, i.source, i.subject, i.question, i.choices INTO picked FROM "Item" i
    WHERE i."projectId" = project_id AND i."isGold"
      AND CASE WHEN cardinality(i.choices) > 0 THEN i."answerIndex" IS NOT NULL ELSE i."answerText" IS NOT NULL END
      AND NOT EXISTS (SELECT 1 FROM "Assignment" o
                      WHERE o."itemId" = i.id AND o."annotatorId" = annotator_id AND o.status IN ('DONE', 'SKIPPED'))
    ORDER BY i."doneCount", i.id LIMIT 1;
    IF FOUND THEN
      expires := hardlab_write_lease(picked.id, annotator_id, k, lease_minutes, false);
      IF expires IS NOT NULL THEN
        RETURN QUERY SELECT picked.id, picked.source, picked.subject, picked.question, picked.choices, expires;
        RETURN;
      END IF;
    END IF;
  END IF;
  IF NOT real_items THEN RETURN; END IF;

  -- A real item: least-annotated first among items with fewer than k finished annotations plus others' live leases.
  -- The chosen row is locked (SKIP LOCKED: concurrent annotators pass over it rather than wait); the lease is then
  -- written by a second statement, which sees every lease committed before the lock was taken and re-checks the room
  -- left. Submissions lock the same row, so an item can never go past k.
  FOR attempt IN 1..8 LOOP
    SELECT i.id, i.source, i.subject, i.question, i.choices INTO picked FROM "Item" i
    WHERE i."projectId" = project_id AND NOT i."isGold" AND i."doneCount" < k AND i.id <> ALL (tried)
      AND NOT EXISTS (SELECT 1 FROM "Assignment" o
                      WHERE o."itemId" = i.id AND o."annotatorId" = annotator_id AND o.status IN ('DONE', 'SKIPPED'))
      AND i."doneCount" + (SELECT count(*) FROM "Assignment" l
                           WHERE l."itemId" = i.id AND l.status = 'LEASED' AND l."leaseExpiresAt" > now()
                             AND l."annotatorId" <> annotator_id) < k
    ORDER BY i."doneCount", i.id LIMIT 1
    FOR UPDATE OF i SKIP LOCKED;
    IF NOT FOUND THEN RETURN; END IF;
    expires := hardlab_write_lease(picked.id, annotator_id, k, lease_minutes, true);
    IF expires IS NOT NULL THEN
      RETURN QUERY SELECT picked.id, picked.source, picked.subject, picked.question, picked.choices, expires;
      RETURN;
    END IF;
    tried := tried || picked.id;
  END LOOP;
END
$$;
