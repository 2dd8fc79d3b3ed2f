-- 0003_reminders: durable reminders for Orleans' ADO.NET reminder service (cluster database).
--
-- Contract (Microsoft.Orleans.Reminders.AdoNet 10.4.2, RelationalOrleansQueries / DbStoredQueries):
-- * Parameters by name: @ServiceId, @GrainId (the GrainId as text), @ReminderName, @StartTime (UTC,
--   bound as timestamptz), @Period (milliseconds: int, or bigint beyond int range), @GrainHash,
--   @BeginHash, @EndHash (uint hashes passed as SIGNED int), @Version (the etag, an int).
-- * Rows are read by column name: "GrainId", "ReminderName", "StartTime", "Period", "Version".
-- * A reminder's etag is its version: every upsert returns a new one, and a delete only succeeds with
--   the current one, so a grain cannot remove a reminder that someone re-registered meanwhile.

CREATE TABLE orleans_reminders
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,  -- the grain's uniform hash (uint) stored as signed int, as sent
    version       integer     NOT NULL,  -- the etag
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Each silo loads the reminders of its slice of the hash ring.
CREATE INDEX orleans_reminders_ring ON orleans_reminders (service_id, grain_hash);

-- ReadReminderRowsKey: all reminders of one grain.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', $sql$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId
$sql$);

-- ReadReminderRowKey: one reminder of one grain (no row when it does not exist).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', $sql$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
$sql$);

-- ReadRangeRows1Key: the reminders in a ring range (@BeginHash, @EndHash] that does not wrap. The
-- provider picks this query when (int)begin < (int)end, i.e. compares the hashes as signed ints,
-- exactly as they are stored, so a plain BETWEEN-like test is right. Begin is exclusive, end inclusive.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', $sql$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND grain_hash > @BeginHash AND grain_hash <= @EndHash
$sql$);

-- ReadRangeRows2Key: a range that wraps around the end of the ring ((int)begin >= (int)end):
-- everything after begin or up to end. begin = end is the whole ring.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', $sql$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$sql$);

-- UpsertReminderRowKey: register or re-register a reminder; returns the new etag ("Version").
-- Atomic (ON CONFLICT), so two registrations racing for the same name cannot both insert.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', $sql$
INSERT INTO orleans_reminders AS r
       (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = EXCLUDED.start_time,
    period_ms  = EXCLUDED.period_ms,
    grain_hash = EXCLUDED.grain_hash,
    version    = r.version + 1
RETURNING r.version AS "Version"
$sql$);

-- DeleteReminderRowKey: unregister a reminder, only with its current etag (the version check in the
-- WHERE clause is the optimistic concurrency). Returns whether a row was deleted.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', $sql$
WITH deleted AS (
    DELETE FROM orleans_reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
      AND version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT FROM deleted)
$sql$);

-- DeleteReminderRowsKey: drop every reminder of a service (tests and tooling).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', $sql$
DELETE FROM orleans_reminders WHERE service_id = @ServiceId
$sql$);
