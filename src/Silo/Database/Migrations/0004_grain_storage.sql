-- 0004_grain_storage: grain state for Orleans' ADO.NET grain storage (each service's database).
--
-- Contract (Microsoft.Orleans.Persistence.AdoNet 10.4.2, AdoNetGrainStorage):
-- * A grain's state is identified by @ServiceId, @GrainTypeString (the state's type/name as given by
--   Orleans), @GrainIdN0 and @GrainIdN1 (bigint halves of a Guid key, or 0 and the integer key) and
--   @GrainIdExtensionString (a string key or a key extension; NULL when there is none).
--   The provider also sends @GrainIdHash and @GrainTypeHash: hashes other databases index because
--   they cannot index long strings. PostgreSQL indexes the identity itself, so they are not stored.
-- * @PayloadBinary is the serialized state (bytea). The silo uses the Orleans binary serializer, so
--   the state is only readable through Orleans.
-- * @GrainStateVersion is the grain's etag (int), NULL when the grain believes nothing is stored yet.
-- * Read returns "PayloadBinary" and "Version", in that order. Write returns "NewGrainStateVersion";
--   Clear and Delete return the new etag as their only column.
--
-- Optimistic concurrency: a write succeeds only if the stored version is the grain's etag (or, for a
-- first write, if nothing is stored), and then bumps the version. Otherwise the query returns ONE
-- row holding NULL, which the provider turns into an InconsistentStateException. (10.4.2 treats "no
-- row" the same way, but older providers took "no row" after a non-NULL etag for success and lost the
-- write; one NULL row is unambiguous.) This is what stops a duplicate activation, or a grain holding a
-- stale copy, from overwriting newer state.
--
-- Requires PostgreSQL 15+ (UNIQUE NULLS NOT DISTINCT).

CREATE TABLE orleans_grain_state
(
    service_id         text        NOT NULL,
    grain_type         text        NOT NULL,
    grain_id_n0        bigint      NOT NULL,
    grain_id_n1        bigint      NOT NULL,
    grain_id_extension text        NULL,
    payload            bytea       NULL,      -- NULL after the state was cleared
    version            integer     NOT NULL,  -- the etag: an int, the provider parses it as one
    modified_at        timestamptz NOT NULL DEFAULT now(),  -- for operators only
    -- One row per grain state. NULLS NOT DISTINCT: a grain without key extension is one identity too,
    -- so two first writes of the same grain conflict instead of creating two rows.
    CONSTRAINT orleans_grain_state_identity
        UNIQUE NULLS NOT DISTINCT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
);

-- ReadFromStorageKey: the stored state and its version; no row when the grain was never written.
-- IS NOT DISTINCT FROM: NULL extension matches NULL extension.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', $sql$
SELECT payload AS "PayloadBinary",
       version AS "Version"
FROM orleans_grain_state
WHERE service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
$sql$);

-- WriteToStorageKey: insert (etag NULL) or compare-and-swap update (etag = stored version).
-- First write: inserts version 1, or nothing when a row exists (ON CONFLICT: another activation won).
-- Later writes: the version check is in the UPDATE's WHERE clause, so a stale etag matches no row;
-- concurrent writers with the same etag serialise on the row lock and only the first one matches.
-- max() turns "nothing written" into a single NULL row (see the header).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', $sql$
WITH inserted AS (
    INSERT INTO orleans_grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension,
                                     payload, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT ON CONSTRAINT orleans_grain_state_identity DO NOTHING
    RETURNING version
), updated AS (
    UPDATE orleans_grain_state
    SET payload = @PayloadBinary, version = version + 1, modified_at = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND version = @GrainStateVersion
      AND service_id = @ServiceId
      AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING version
)
SELECT max(version) AS "NewGrainStateVersion"
FROM (SELECT version FROM inserted UNION ALL SELECT version FROM updated) AS written
$sql$);

-- ClearStorageKey: the grain cleared its state (default: DeleteStateOnClear = false). Keeps the row
-- with a NULL payload and a bumped version, so the etag sequence continues and a stale copy of the
-- grain cannot write over the clear. Same compare-and-swap and single-NULL-row rule as the write.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', $sql$
WITH cleared AS (
    UPDATE orleans_grain_state
    SET payload = NULL, version = version + 1, modified_at = now()
    WHERE version = @GrainStateVersion
      AND service_id = @ServiceId
      AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING version
)
SELECT max(version) AS "NewGrainStateVersion" FROM cleared
$sql$);

-- DeleteStorageKey: optional; used instead of ClearStorageKey when a storage is configured with
-- DeleteStateOnClear = true (the provider refuses that option without this key). Deletes the row,
-- only with the current etag, and returns a value different from that etag (the next version) so the
-- provider sees success; the grain then starts over with no etag and its next write inserts.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', $sql$
WITH deleted AS (
    DELETE FROM orleans_grain_state
    WHERE version = @GrainStateVersion
      AND service_id = @ServiceId
      AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING version
)
SELECT max(version) + 1 AS "NewGrainStateVersion" FROM deleted
$sql$);
