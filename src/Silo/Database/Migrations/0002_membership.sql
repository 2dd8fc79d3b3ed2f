-- 0002_membership: cluster membership for Orleans' ADO.NET clustering provider (cluster database).
--
-- Contract (Microsoft.Orleans.Clustering.AdoNet 10.4.2, RelationalOrleansQueries / DbStoredQueries):
-- * Parameters are bound by name: @DeploymentId (the ClusterId), @Address (text), @Port, @Generation,
--   @SiloName, @HostName, @Status (SiloStatus as int: 3 = Active, 6 = Dead), @ProxyPort,
--   @StartTime, @IAmAliveTime (UTC DateTime, sent as timestamptz), @SuspectTimes (text or NULL),
--   @Version (int).
-- * Read queries must name their result columns exactly as below ("Version", "Address", ...): the
--   provider reads them by name.
-- * "Insert"/"update" queries return one row with one column, read as a boolean: did it succeed.
--
-- Consistency model: the whole membership table of a cluster has ONE version, kept in
-- orleans_membership_version. Every insert or update of a membership row is a compare-and-swap on
-- that version: it succeeds only if the version is still the one the silo read (@Version), and it
-- bumps the version in the same statement. A silo that lost the race gets "false", re-reads the table
-- and retries; this is what keeps concurrent silos from overwriting each other's view of the cluster.
-- Membership rows carry no etag of their own: the provider uses the table version as every row's etag.
-- Heartbeats (UpdateIAmAlivetimeKey) and the clean-up of dead rows do not change the version: they do
-- not change who is in the cluster.
--
-- All timestamps are timestamptz: the provider sends UTC DateTimes, which Npgsql binds as timestamptz,
-- and reads them back as UTC. A "timestamp without time zone" column would silently shift them by the
-- session's TimeZone.

CREATE TABLE orleans_membership_version
(
    deployment_id text        NOT NULL PRIMARY KEY,   -- Orleans' ClusterId (called DeploymentId in the queries)
    version       integer     NOT NULL DEFAULT 0,     -- the table version: an int, the provider parses it as one
    changed_at    timestamptz NOT NULL DEFAULT now()  -- for operators only
);

CREATE TABLE orleans_membership
(
    deployment_id   text        NOT NULL REFERENCES orleans_membership_version (deployment_id),
    address         text        NOT NULL,  -- the silo's IP address as text
    port            integer     NOT NULL,  -- silo-to-silo port
    generation      integer     NOT NULL,  -- distinguishes restarts of a silo on the same address and port
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,  -- SiloStatus: 1 Created, 2 Joining, 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead
    proxy_port      integer     NOT NULL,  -- gateway port for clients, 0 when the silo is no gateway
    suspect_times   text        NULL,      -- "silo,time|silo,time" votes, formatted by the provider
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,  -- the latest heartbeat
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- InsertMembershipVersionKey: every silo tries this at start-up so that a cluster's version row
-- exists before anyone reads the table. Only the first one inserts; the others are no-ops.
-- Returns true when this call created the row.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', $sql$
WITH inserted AS (
    INSERT INTO orleans_membership_version (deployment_id)
    VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT FROM inserted)
$sql$);

-- MembershipReadAllKey: the whole table of a cluster plus its version, in one statement so that the
-- rows and the version come from the same snapshot. The LEFT JOIN returns the version even when the
-- cluster has no member yet (the provider recognises "no member" by a NULL StartTime).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', $sql$
SELECT v.version         AS "Version",
       m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$sql$);

-- MembershipReadRowKey: one silo's row plus the table version (same shape and reasons as above).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', $sql$
SELECT v.version         AS "Version",
       m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$sql$);

-- InsertMembershipKey: a silo adds itself (status Joining). Compare-and-swap: the version check is in
-- the UPDATE's WHERE clause, so the row lock on the version row serialises concurrent writers and a
-- writer whose @Version is stale matches nothing, bumps nothing and inserts nothing. The NOT EXISTS
-- keeps a duplicate insert from bumping the version; ON CONFLICT is the last guard. Returns success.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', $sql$
WITH bumped AS (
    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = @DeploymentId
      AND version = @Version
      AND NOT EXISTS (SELECT FROM orleans_membership
                      WHERE deployment_id = @DeploymentId
                        AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deployment_id
), inserted AS (
    INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name,
                                    status, proxy_port, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped
    ON CONFLICT (deployment_id, address, port, generation) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT FROM inserted)
$sql$);

-- UpdateMembershipKey: status changes and suspicion votes (Joining -> Active -> ShuttingDown -> Dead,
-- "I suspect silo X"). Same compare-and-swap on the table version as InsertMembershipKey.
-- IAmAliveTime only moves forward: the entry being written may have been read before the silo's
-- latest heartbeat, which must not be undone. Returns success.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', $sql$
WITH bumped AS (
    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = @DeploymentId
      AND version = @Version
      AND EXISTS (SELECT FROM orleans_membership
                  WHERE deployment_id = @DeploymentId
                    AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deployment_id
), updated AS (
    UPDATE orleans_membership m
    SET status = @Status,
        suspect_times = @SuspectTimes,
        i_am_alive_time = GREATEST(m.i_am_alive_time, @IAmAliveTime)
    FROM bumped
    WHERE m.deployment_id = bumped.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1
)
SELECT EXISTS (SELECT FROM updated)
$sql$);

-- UpdateIAmAlivetimeKey (sic: lower-case "t" in the provider's key): the periodic heartbeat.
-- Unconditional and without a version bump, so heartbeats never make membership writes fail.
-- GREATEST: a delayed heartbeat must not move the time backwards.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', $sql$
UPDATE orleans_membership
SET i_am_alive_time = GREATEST(i_am_alive_time, @IAmAliveTime)
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
$sql$);

-- GatewaysQueryKey: the gateways a client may connect to (@Status is Active); silos without a
-- gateway port are not gateways.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', $sql$
SELECT address    AS "Address",
       proxy_port AS "ProxyPort",
       generation AS "Generation"
FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = @Status
  AND proxy_port > 0
$sql$);

-- DeleteMembershipTableEntriesKey: forget a whole cluster (tests and tooling), members and version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', $sql$
WITH members AS (
    DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId
)
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId
$sql$);

-- CleanupDefunctSiloEntryKey: removes ONE dead silo's row, and only if it still holds exactly the
-- values the provider read (start time, last heartbeat, suspicion votes). The 10.4.2 provider uses it
-- when present: it reads the table, picks in .NET the Dead rows whose start, heartbeat and votes are
-- all older than the cut-off, and deletes each with this query; a row that changed in between is
-- left alone. Both sides are COALESCEd because the provider sends NULL for "no votes" where a row may
-- hold '' (an empty vote list) and vice versa. No version bump: a dead silo stays dead, so removing
-- its row does not change the cluster.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntryKey', $sql$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime
  AND i_am_alive_time = @IAmAliveTime
  AND COALESCE(suspect_times, '') = COALESCE(@SuspectTimes, '')
$sql$);

-- CleanupDefunctSiloEntriesKey: the same clean-up in one statement, @IAmAliveTime being the cut-off.
-- Required by the provider (it refuses to start without it) and used when CleanupDefunctSiloEntryKey
-- is absent. Deletes Dead rows whose start, last heartbeat and every suspicion vote are older than the
-- cut-off; a vote is "silo,yyyy-MM-dd HH:mm:ss.fff GMT" and the votes are separated by '|'.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM orleans_membership m
WHERE m.deployment_id = @DeploymentId
  AND m.status = 6
  AND m.start_time < @IAmAliveTime
  AND m.i_am_alive_time < @IAmAliveTime
  AND NOT EXISTS (
        SELECT FROM unnest(string_to_array(m.suspect_times, '|')) AS vote
        WHERE (replace(split_part(vote, ',', 2), ' GMT', '')::timestamp AT TIME ZONE 'UTC') >= @IAmAliveTime)
$sql$);
