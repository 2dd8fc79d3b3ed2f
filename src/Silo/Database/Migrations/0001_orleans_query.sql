-- 0001_orleans_query: the catalogue of named queries (every database: cluster and storage).
--
-- The Orleans ADO.NET providers (clustering, reminders, persistence) ship no SQL of their own
-- that knows our tables: at start-up each one runs exactly
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- (the persistence provider adds a WHERE on its keys) and from then on executes the QueryText
-- stored under each key, binding its parameters by name (@DeploymentId, @GrainIdHash, ...).
-- A required key that is missing makes the provider fail at start-up.
--
-- The table and column names are fixed by that statement. They are deliberately unquoted here,
-- as in the provider's statement, so PostgreSQL folds both to lower case and they match.
-- The later migrations insert the query texts: 0002 membership, 0003 reminders, 0004 grain state.

CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);
