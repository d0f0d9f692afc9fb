-- san.aliases and san.alias_projects. An alias row is always read with the columns of the view
-- san.alias_rows (schema/002_record_rows.sql), in that order (pg_statements.cpp decodes them): its
-- customer comes from its fabric, its projects as a comma-separated list.

-- name: LoadAliases
SELECT * FROM san.alias_rows WHERE id = ANY($1::bigint[])

-- name: ListProjectAliases
-- $1 project, $2 its customer, $3 search term, $4 its pattern, $5 pattern over WWPN digits,
-- $6 ordering, $7 limit, $8 offset. The columns of san.alias_rows, then the count of every alias
-- that matches. One CASE per type of column and direction: the key $6 names picks its column,
-- the others sort nothing. The page is chosen on the aliases' own columns, counted before LIMIT,
-- and only its rows are read through the view: the view's per-alias project and WWPN lists cost
-- a page of 500 what they cost 500 aliases, not every alias of the project. A join keeps no
-- order: the outer query sorts by the same keys.
WITH page AS (
  SELECT a.id, count(*) OVER () AS total,
    CASE $6::text WHEN 'id' THEN a.id WHEN 'fabric' THEN a.fabric_id WHEN 'version' THEN a.version
    END AS k1,
    CASE $6::text WHEN '-id' THEN a.id WHEN '-fabric' THEN a.fabric_id
                  WHEN '-version' THEN a.version END AS k2,
    CASE $6::text WHEN 'name' THEN a.name WHEN 'wwpn' THEN a.wwpn WHEN 'use' THEN a.use
                  WHEN 'cisco_alias' THEN a.cisco_alias WHEN 'notes' THEN a.notes END AS k3,
    CASE $6::text WHEN '-name' THEN a.name WHEN '-wwpn' THEN a.wwpn WHEN '-use' THEN a.use
                  WHEN '-cisco_alias' THEN a.cisco_alias WHEN '-notes' THEN a.notes END AS k4,
    CASE $6::text WHEN 'create' THEN a."create" WHEN 'delete' THEN a."delete"
                  WHEN 'include_in_zoning' THEN a.include_in_zoning
                  WHEN 'logged_in' THEN a.logged_in END AS k5,
    CASE $6::text WHEN '-create' THEN a."create" WHEN '-delete' THEN a."delete"
                  WHEN '-include_in_zoning' THEN a.include_in_zoning
                  WHEN '-logged_in' THEN a.logged_in END AS k6,
    CASE $6::text WHEN 'last_modified_at' THEN a.last_modified_at END AS k7,
    CASE $6::text WHEN '-last_modified_at' THEN a.last_modified_at END AS k8
    FROM san.aliases a
    JOIN san.fabrics f ON f.id = a.fabric_id
    JOIN san.alias_projects lp ON lp.alias_id = a.id AND lp.project_id = $1
   WHERE f.customer_id = $2
     AND ($3::text = '' OR a.name ILIKE $4 OR a.wwpn ILIKE $4
          OR replace(a.wwpn, ':', '') ILIKE $5 OR a.notes ILIKE $4 OR f.name ILIKE $4)
   ORDER BY k1 ASC, k2 DESC, k3 ASC, k4 DESC, k5 ASC, k6 DESC, k7 ASC, k8 DESC, a.id ASC
   LIMIT $7 OFFSET $8
)
SELECT r.*, page.total
  FROM page JOIN san.alias_rows r ON r.id = page.id
 ORDER BY page.k1 ASC, page.k2 DESC, page.k3 ASC, page.k4 DESC, page.k5 ASC, page.k6 DESC,
          page.k7 ASC, page.k8 DESC, page.id ASC

-- name: FindAliasKeys
-- Stored aliases that may clash with a batch on (fabric, name) or (fabric, wwpn): one row per
-- WWPN of each.
SELECT a.id, a.fabric_id, a.name, w.wwpn
  FROM san.aliases a JOIN san.alias_wwpns w ON w.alias_id = a.id
 WHERE a.fabric_id = ANY($1::bigint[]) AND (a.name = ANY($2::text[]) OR w.wwpn = ANY($3::text[]))

-- name: DeleteAliasWwpns
-- The WWPN lists of aliases $1, before ReplaceAliasWwpns writes them anew.
DELETE FROM san.alias_wwpns WHERE alias_id = ANY($1::bigint[])

-- name: InsertAliasWwpns
-- (alias, fabric, position, wwpn) rows: $1 alias ids, $2 fabric ids, $3 positions, $4 WWPNs.
INSERT INTO san.alias_wwpns (alias_id, fabric_id, position, wwpn)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::integer[], $4::text[])

-- name: LockAliasForDelete
-- Waits for saves holding the alias as a zone member (FOR KEY SHARE) to finish.
SELECT id FROM san.aliases WHERE id = $1 AND version = $2 FOR UPDATE

-- name: DeleteAlias
DELETE FROM san.aliases WHERE id = $1

-- name: LockAliasRefs
-- The customer's aliases among $1 with their fabric, kept from being deleted (zone members).
SELECT a.id, a.fabric_id, f.customer_id, a.name
  FROM san.aliases a JOIN san.fabrics f ON f.id = a.fabric_id
 WHERE a.id = ANY($1::bigint[]) AND f.customer_id = $2
 ORDER BY a.id FOR KEY SHARE OF a

-- name: AliasConflictStamps
-- As ZoneConflictStamps, of aliases.
SELECT a.id, f.customer_id, a.name, a.version, a.last_modified_by,
       (extract(epoch FROM a.last_modified_at) * 1000000)::bigint
  FROM san.aliases a JOIN san.fabrics f ON f.id = a.fabric_id
 WHERE a.id = ANY($1::bigint[])

-- name: LockAliasStamps
-- The aliases a batch saves, locked in ascending id order, with their stamps.
SELECT id, version, last_modified_by, (extract(epoch FROM last_modified_at) * 1000000)::bigint
  FROM san.aliases WHERE id = ANY($1::bigint[])
 ORDER BY id FOR UPDATE

-- name: UpdateAliases
-- Every changed alias of a batch in one compare-and-set statement. $1 a JSON array of rows
-- {id, version (the one loaded), name, wwpn, use, cisco_alias, create, delete,
-- include_in_zoning, logged_in, host_id, storage_id, notes}, $2 the user.
-- Each row updated with its new stamp (id, version, last_modified_by, last_modified_at in epoch
-- microseconds).
-- The ids are also matched as an array, so the rows are found by key: joined only to
-- jsonb_to_recordset (which PostgreSQL estimates at 100 rows, whatever it holds), every
-- alias was read for a hash join.
UPDATE san.aliases a
   SET name = x.name, wwpn = x.wwpn, use = x.use, cisco_alias = x.cisco_alias,
       "create" = x."create", "delete" = x."delete", include_in_zoning = x.include_in_zoning,
       logged_in = x.logged_in, host_id = x.host_id, storage_id = x.storage_id, notes = x.notes,
       version = a.version + 1, last_modified_by = $2, last_modified_at = now()
  FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, version bigint, name text, wwpn text,
                                          use text, cisco_alias text, "create" boolean,
                                          "delete" boolean, include_in_zoning boolean,
                                          logged_in boolean, host_id bigint, storage_id bigint,
                                          notes text)
 WHERE a.id = ANY (ARRAY(SELECT (item ->> 'id')::bigint
                             FROM jsonb_array_elements($1::jsonb) AS item))
   AND a.id = x.id AND a.version = x.version
RETURNING a.id, a.version, a.last_modified_by,
          (extract(epoch FROM a.last_modified_at) * 1000000)::bigint

-- name: ReserveAliasIds
-- Ids for the aliases a batch creates, in request order.
SELECT nextval(pg_get_serial_sequence('san.aliases', 'id')) FROM generate_series(1, $1::integer)

-- name: InsertAliases
-- Every alias a batch creates in one statement. $1 a JSON array of rows {id (reserved),
-- fabric_id, name, wwpn, use, cisco_alias, create, delete, include_in_zoning, logged_in, host_id,
-- storage_id, notes}, $2 the user.
INSERT INTO san.aliases (id, fabric_id, name, wwpn, use, cisco_alias, "create", "delete",
                         include_in_zoning, logged_in, host_id, storage_id, notes,
                         last_modified_by)
SELECT x.id, x.fabric_id, x.name, x.wwpn, x.use, x.cisco_alias, x."create", x."delete",
       x.include_in_zoning, x.logged_in, x.host_id, x.storage_id, x.notes, $2
  FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, fabric_id bigint, name text, wwpn text,
                                          use text, cisco_alias text, "create" boolean,
                                          "delete" boolean, include_in_zoning boolean,
                                          logged_in boolean, host_id bigint, storage_id bigint,
                                          notes text)

-- name: LinkAliasProjects
-- (alias, project) pairs: $1 alias ids, $2 project ids, pairwise.
INSERT INTO san.alias_projects (alias_id, project_id)
SELECT * FROM unnest($1::bigint[], $2::bigint[])
ON CONFLICT DO NOTHING

-- name: CountStorageReferences
-- Aliases naming storage system $1 or one of its hosts $2, asked before the storage is deleted.
SELECT count(*) FROM san.aliases
 WHERE storage_id = $1 OR host_id = ANY($2::bigint[])

-- name: ListStorageReferenceNames
-- As CountStorageReferences, the first $3 names (for the message a person reads).
SELECT name FROM san.aliases
 WHERE storage_id = $1 OR host_id = ANY($2::bigint[])
 ORDER BY name, id LIMIT $3
