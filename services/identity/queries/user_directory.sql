-- The users' directory presence caches (schema/007_user_directory.sql): what changed since a
-- version, and the entries asked for, read at one version in one statement.

-- name: UserDirectory
-- $1 the version the caller's copy is current at (0: none), $2 the users it has no copy of.
-- Columns 0-1: the directory's version and whether $1 is still served (0, or neither older than
-- the changes kept nor newer than the directory); column 11 its epoch, the version table's oid,
-- which a restore from a dump makes anew. Then, one row for each user asked for and each
-- user changed after $1 (when served): column 2 the id, 3-10 as UserContexts (user id, username,
-- first and last name, customer id and name, project id and name), all null when the user does not
-- exist or is disabled. A request that matches no user still answers the first row, with a null id.
-- Each user is looked up by its key (LATERAL, fenced by OFFSET 0: without the fence the planner
-- may join every user instead), so no plan scans every user when few changed. Run after WithoutJit: on fresh tables the estimates are far off, and Postgres would
-- compile this statement with JIT, half a second for a read of one row.
SELECT d.version,
       $1::bigint = 0 OR ($1::bigint >= d.pruned_through AND $1::bigint <= d.version),
       w.id,
       e.id, e.username, e.first_name, e.last_name, e.customer_id, e.customer_name, e.project_id,
       e.project_name,
       'identity.directory_version'::regclass::oid::bigint
FROM identity.directory_version d
LEFT JOIN (
  SELECT id FROM unnest($2::bigint[]) AS id
  UNION
  SELECT ch.user_id FROM identity.directory_changes ch WHERE $1::bigint > 0 AND ch.version > $1::bigint
) w ON $1::bigint = 0 OR ($1::bigint >= d.pruned_through AND $1::bigint <= d.version)
LEFT JOIN LATERAL (
  SELECT u.id, u.username, u.first_name, u.last_name, c.id AS customer_id, c.name AS customer_name,
         p.id AS project_id, p.name AS project_name
  FROM identity.users u
  LEFT JOIN identity.user_config uc ON uc.user_id = u.id
  LEFT JOIN identity.customers c ON c.id = uc.active_customer_id
  LEFT JOIN identity.projects p ON p.id = uc.active_project_id
  WHERE u.id = w.id AND u.is_active
  OFFSET 0
) e ON true
WHERE d.singleton = true;

-- name: WithoutJit
-- For the rest of the transaction: no JIT compilation (a statement of milliseconds gains nothing).
SELECT set_config('jit', 'off', true);
