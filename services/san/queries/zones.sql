-- san.zones, san.zone_members and san.zone_projects. A zone row is always read with the columns
-- of the view san.zone_rows (schema/003_zoning_model.sql), in that order (pg_statements.cpp decodes
-- them): members ordered by alias name. ListProjectZones builds those columns itself, set-based;
-- a column added to the view goes there too.

-- name: LoadZones
-- Through the view: a save reads a few zones, and the view's per-zone subqueries plan in half the
-- time of the set-based form ListProjectZones uses for pages of hundreds.
SELECT * FROM san.zone_rows WHERE id = ANY($1::bigint[])

-- name: ListProjectZones
-- $1 project, $2 its customer, $3 search term, $4 its pattern, $5 pattern over WWPN digits,
-- $6 ordering, $7 limit, $8 offset. The columns of san.zone_rows, then the count of every zone
-- that matches. One CASE per type of column and direction: the key $6 names picks its column,
-- the others sort nothing. The page is chosen on the zones' own columns, counted before LIMIT;
-- then the page's zones are joined to their members and aliases and grouped once, so a page of
-- 500 costs one pass over its members whatever the planner knows of the tables: no subquery per
-- zone (the view's way, which scanned every alias per zone on freshly written tables), and no
-- aggregate joined as a subquery (which the planner, expecting a page of one row, ran again for
-- every zone of the page once the tables were analyzed: 0.3 s a page). A zone's projects are
-- read by their primary key. A join keeps no order: the outer query sorts by the same keys.
WITH page AS (
  SELECT s.id, count(*) OVER () AS total,
    CASE $6::text WHEN 'id' THEN s.id WHEN 'fabric' THEN s.fabric_id WHEN 'version' THEN s.version
    END AS k1,
    CASE $6::text WHEN '-id' THEN s.id WHEN '-fabric' THEN s.fabric_id
                  WHEN '-version' THEN s.version END AS k2,
    CASE $6::text WHEN 'name' THEN s.name WHEN 'zone_type' THEN s.zone_type
                  WHEN 'notes' THEN s.notes END AS k3,
    CASE $6::text WHEN '-name' THEN s.name WHEN '-zone_type' THEN s.zone_type
                  WHEN '-notes' THEN s.notes END AS k4,
    CASE $6::text WHEN 'create' THEN s."create" WHEN 'delete' THEN s."delete"
                  WHEN 'exists' THEN s."exists" END AS k5,
    CASE $6::text WHEN '-create' THEN s."create" WHEN '-delete' THEN s."delete"
                  WHEN '-exists' THEN s."exists" END AS k6,
    CASE $6::text WHEN 'last_modified_at' THEN s.last_modified_at END AS k7,
    CASE $6::text WHEN '-last_modified_at' THEN s.last_modified_at END AS k8
    FROM san.zones s
    JOIN san.fabrics f ON f.id = s.fabric_id
    JOIN san.zone_projects lp ON lp.zone_id = s.id AND lp.project_id = $1
   WHERE f.customer_id = $2
     AND ($3::text = '' OR s.name ILIKE $4 OR s.notes ILIKE $4 OR f.name ILIKE $4
          OR EXISTS (SELECT 1 FROM san.zone_members sm JOIN san.aliases sa ON sa.id = sm.alias_id
                      WHERE sm.zone_id = s.id
                        AND (sa.name ILIKE $4 OR sa.wwpn ILIKE $4
                             OR replace(sa.wwpn, ':', '') ILIKE $5)))
   ORDER BY k1 ASC, k2 DESC, k3 ASC, k4 DESC, k5 ASC, k6 DESC, k7 ASC, k8 DESC, s.id ASC
   LIMIT $7 OFFSET $8
)
SELECT z.id, f.customer_id, z.fabric_id, z.name, z.zone_type, z."create", z."delete", z."exists",
       z.notes, z.version, z.last_modified_by,
       (extract(epoch FROM z.last_modified_at) * 1000000)::bigint AS last_modified_micros,
       coalesce((SELECT string_agg(p.project_id::text, ',' ORDER BY p.project_id)
                   FROM san.zone_projects p WHERE p.zone_id = page.id), '') AS projects,
       coalesce(string_agg(m.alias_id::text, ',' ORDER BY ma.name, ma.id), '') AS members,
       z.last_modified_at, f.name AS fabric_name, z.in_zoneset,
       coalesce(string_agg(m.alias_id || ':' || m.role, ',' ORDER BY m.alias_id)
                  FILTER (WHERE m.role IS NOT NULL), '') AS member_roles, page.total
  FROM page
  JOIN san.zones z ON z.id = page.id
  JOIN san.fabrics f ON f.id = z.fabric_id
  LEFT JOIN san.zone_members m ON m.zone_id = page.id
  LEFT JOIN san.aliases ma ON ma.id = m.alias_id
 GROUP BY page.id, page.total, page.k1, page.k2, page.k3, page.k4, page.k5, page.k6, page.k7,
          page.k8, z.id, f.id
 ORDER BY page.k1 ASC, page.k2 DESC, page.k3 ASC, page.k4 DESC, page.k5 ASC, page.k6 DESC,
          page.k7 ASC, page.k8 DESC, page.id ASC

-- name: FindZoneKeys
SELECT id, fabric_id, name FROM san.zones
 WHERE fabric_id = ANY($1::bigint[]) AND name = ANY($2::text[])

-- name: LockZonesOfAlias
-- Zone saves lock their zones by ascending id; an alias delete does too, before any zone changes.
SELECT id FROM san.zones
 WHERE id IN (SELECT zone_id FROM san.zone_members WHERE alias_id = $1)
 ORDER BY id FOR UPDATE

-- name: TouchZones
-- The zones an alias leaves change too: their version moves.
UPDATE san.zones SET version = version + 1, last_modified_by = $2, last_modified_at = now()
 WHERE id = ANY($1::bigint[])

-- name: DeleteZone
DELETE FROM san.zones WHERE id = $1 AND version = $2 RETURNING id

-- name: ZoneConflictStamps
-- The zones a batch updates as it first reads them, outside its transaction and without a lock:
-- customer, name and stamp, enough to answer a batch whose every item lost its version race.
SELECT z.id, f.customer_id, z.name, z.version, z.last_modified_by,
       (extract(epoch FROM z.last_modified_at) * 1000000)::bigint
  FROM san.zones z JOIN san.fabrics f ON f.id = z.fabric_id
 WHERE z.id = ANY($1::bigint[])

-- name: LockZoneStamps
-- The zones a batch saves, locked in ascending id order (the order every batch and every alias
-- delete locks zones in, so two of them never wait on each other in a cycle), with their stamps.
SELECT id, version, last_modified_by, (extract(epoch FROM last_modified_at) * 1000000)::bigint
  FROM san.zones WHERE id = ANY($1::bigint[])
 ORDER BY id FOR UPDATE

-- name: UpdateZones
-- Every changed zone of a batch in one compare-and-set statement. $1 a JSON array of rows
-- {id, version (the one loaded), name, zone_type, create, delete, exists, in_zoneset, notes},
-- $2 the user.
-- Each row updated with its new stamp (id, version, last_modified_by, last_modified_at in epoch
-- microseconds).
-- The ids are also matched as an array, so the rows are found by key: joined only to
-- jsonb_to_recordset (which PostgreSQL estimates at 100 rows, whatever it holds), every
-- zone was read for a hash join.
UPDATE san.zones z
   SET name = x.name, zone_type = x.zone_type, "create" = x."create", "delete" = x."delete",
       "exists" = x."exists", in_zoneset = x.in_zoneset, notes = x.notes,
       version = z.version + 1, last_modified_by = $2, last_modified_at = now()
  FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, version bigint, name text, zone_type text,
                                          "create" boolean, "delete" boolean, "exists" boolean,
                                          in_zoneset boolean, notes text)
 WHERE z.id = ANY (ARRAY(SELECT (item ->> 'id')::bigint
                             FROM jsonb_array_elements($1::jsonb) AS item))
   AND z.id = x.id AND z.version = x.version
RETURNING z.id, z.version, z.last_modified_by,
          (extract(epoch FROM z.last_modified_at) * 1000000)::bigint

-- name: ReserveZoneIds
-- Ids for the zones a batch creates, in request order.
SELECT nextval(pg_get_serial_sequence('san.zones', 'id')) FROM generate_series(1, $1::integer)

-- name: InsertZones
-- Every zone a batch creates in one statement. $1 a JSON array of rows {id (reserved),
-- fabric_id, name, zone_type, create, delete, exists, in_zoneset, notes}, $2 the user.
INSERT INTO san.zones (id, fabric_id, name, zone_type, "create", "delete", "exists", in_zoneset,
                       notes, last_modified_by)
SELECT x.id, x.fabric_id, x.name, x.zone_type, x."create", x."delete", x."exists", x.in_zoneset,
       x.notes, $2
  FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, fabric_id bigint, name text,
                                          zone_type text, "create" boolean, "delete" boolean,
                                          "exists" boolean, in_zoneset boolean, notes text)

-- name: AddZoneMembers
-- (zone, alias) pairs: $1 zone ids, $2 alias ids, pairwise.
INSERT INTO san.zone_members (zone_id, alias_id)
SELECT * FROM unnest($1::bigint[], $2::bigint[])
ON CONFLICT DO NOTHING

-- name: SetZoneMemberRoles
-- (zone, alias, role) triples: $1 zone ids, $2 alias ids, $3 roles ('': none, the alias's use).
UPDATE san.zone_members m SET role = NULLIF(x.role, '')
  FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS x(zone_id, alias_id, role)
 WHERE m.zone_id = x.zone_id AND m.alias_id = x.alias_id

-- name: RemoveZoneMembers
-- (zone, alias) pairs: $1 zone ids, $2 alias ids, pairwise.
DELETE FROM san.zone_members m
 USING unnest($1::bigint[], $2::bigint[]) AS x(zone_id, alias_id)
 WHERE m.zone_id = x.zone_id AND m.alias_id = x.alias_id

-- name: LinkZoneProjects
-- (zone, project) pairs: $1 zone ids, $2 project ids, pairwise.
INSERT INTO san.zone_projects (zone_id, project_id)
SELECT * FROM unnest($1::bigint[], $2::bigint[])
ON CONFLICT DO NOTHING
