-- san.zones, san.zone_members and san.zone_projects. A zone row is always read with the
-- columns of LoadZones, in that order (records.cpp decodes them): members ordered by alias name.

-- name: LoadZones
SELECT z.id, f.customer_id, z.fabric_id, z.name, z.zone_type, z."create", z."delete", z."exists",
       z.notes, z.version, z.last_modified_by,
       (extract(epoch FROM z.last_modified_at) * 1000000)::bigint,
       array_to_string(ARRAY(SELECT p.project_id FROM san.zone_projects p
                              WHERE p.zone_id = z.id ORDER BY p.project_id), ','),
       array_to_string(ARRAY(SELECT m.alias_id FROM san.zone_members m
                               JOIN san.aliases ma ON ma.id = m.alias_id
                              WHERE m.zone_id = z.id ORDER BY ma.name, ma.id), ',')
  FROM san.zones z JOIN san.fabrics f ON f.id = z.fabric_id
 WHERE z.id = ANY($1::bigint[])

-- name: LoadZoneStamp
SELECT version, last_modified_by, (extract(epoch FROM last_modified_at) * 1000000)::bigint
  FROM san.zones WHERE id = $1

-- name: CountProjectZones
-- $1 project, $2 its customer, $3 search term, $4 its pattern, $5 pattern over WWPN digits.
SELECT count(*)
  FROM san.zones z JOIN san.fabrics f ON f.id = z.fabric_id
  JOIN san.zone_projects lp ON lp.zone_id = z.id AND lp.project_id = $1
 WHERE f.customer_id = $2
   AND ($3::text = '' OR z.name ILIKE $4 OR z.notes ILIKE $4 OR f.name ILIKE $4
        OR EXISTS (SELECT 1 FROM san.zone_members sm JOIN san.aliases sa ON sa.id = sm.alias_id
                    WHERE sm.zone_id = z.id
                      AND (sa.name ILIKE $4 OR sa.wwpn ILIKE $4
                           OR replace(sa.wwpn, ':', '') ILIKE $5)))

-- name: ListProjectZones
-- As CountProjectZones; $6 ordering, $7 limit, $8 offset.
SELECT z.id, f.customer_id, z.fabric_id, z.name, z.zone_type, z."create", z."delete", z."exists",
       z.notes, z.version, z.last_modified_by,
       (extract(epoch FROM z.last_modified_at) * 1000000)::bigint,
       array_to_string(ARRAY(SELECT p.project_id FROM san.zone_projects p
                              WHERE p.zone_id = z.id ORDER BY p.project_id), ','),
       array_to_string(ARRAY(SELECT m.alias_id FROM san.zone_members m
                               JOIN san.aliases ma ON ma.id = m.alias_id
                              WHERE m.zone_id = z.id ORDER BY ma.name, ma.id), ',')
  FROM san.zones z JOIN san.fabrics f ON f.id = z.fabric_id
  JOIN san.zone_projects lp ON lp.zone_id = z.id AND lp.project_id = $1
 WHERE f.customer_id = $2
   AND ($3::text = '' OR z.name ILIKE $4 OR z.notes ILIKE $4 OR f.name ILIKE $4
        OR EXISTS (SELECT 1 FROM san.zone_members sm JOIN san.aliases sa ON sa.id = sm.alias_id
                    WHERE sm.zone_id = z.id
                      AND (sa.name ILIKE $4 OR sa.wwpn ILIKE $4
                           OR replace(sa.wwpn, ':', '') ILIKE $5)))
 ORDER BY
  CASE WHEN $6::text = 'id' THEN z.id END ASC,
  CASE WHEN $6::text = '-id' THEN z.id END DESC,
  CASE WHEN $6::text = 'name' THEN z.name END ASC,
  CASE WHEN $6::text = '-name' THEN z.name END DESC,
  CASE WHEN $6::text = 'zone_type' THEN z.zone_type END ASC,
  CASE WHEN $6::text = '-zone_type' THEN z.zone_type END DESC,
  CASE WHEN $6::text = 'fabric' THEN z.fabric_id END ASC,
  CASE WHEN $6::text = '-fabric' THEN z.fabric_id END DESC,
  CASE WHEN $6::text = 'create' THEN z."create" END ASC,
  CASE WHEN $6::text = '-create' THEN z."create" END DESC,
  CASE WHEN $6::text = 'delete' THEN z."delete" END ASC,
  CASE WHEN $6::text = '-delete' THEN z."delete" END DESC,
  CASE WHEN $6::text = 'exists' THEN z."exists" END ASC,
  CASE WHEN $6::text = '-exists' THEN z."exists" END DESC,
  CASE WHEN $6::text = 'notes' THEN z.notes END ASC,
  CASE WHEN $6::text = '-notes' THEN z.notes END DESC,
  CASE WHEN $6::text = 'version' THEN z.version END ASC,
  CASE WHEN $6::text = '-version' THEN z.version END DESC,
  CASE WHEN $6::text = 'last_modified_at' THEN z.last_modified_at END ASC,
  CASE WHEN $6::text = '-last_modified_at' THEN z.last_modified_at END DESC,
  z.id ASC
 LIMIT $7 OFFSET $8

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

-- name: LockZoneStamps
-- The zones a batch saves, locked in ascending id order (the order every batch and every alias
-- delete locks zones in, so two of them never wait on each other in a cycle), with their stamps.
SELECT id, version, last_modified_by, (extract(epoch FROM last_modified_at) * 1000000)::bigint
  FROM san.zones WHERE id = ANY($1::bigint[])
 ORDER BY id FOR UPDATE

-- name: UpdateZones
-- Every changed zone of a batch in one compare-and-set statement. $1 a JSON array of rows
-- {id, version (the one loaded), name, zone_type, create, delete, exists, notes}, $2 the user.
UPDATE san.zones z
   SET name = x.name, zone_type = x.zone_type, "create" = x."create", "delete" = x."delete",
       "exists" = x."exists", notes = x.notes, version = z.version + 1,
       last_modified_by = $2, last_modified_at = now()
  FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, version bigint, name text, zone_type text,
                                          "create" boolean, "delete" boolean, "exists" boolean,
                                          notes text)
 WHERE z.id = x.id AND z.version = x.version
RETURNING z.id

-- name: ReserveZoneIds
-- Ids for the zones a batch creates, in request order.
SELECT nextval(pg_get_serial_sequence('san.zones', 'id')) FROM generate_series(1, $1::integer)

-- name: InsertZones
-- Every zone a batch creates in one statement. $1 a JSON array of rows {id (reserved),
-- fabric_id, name, zone_type, create, delete, exists, notes}, $2 the user.
INSERT INTO san.zones (id, fabric_id, name, zone_type, "create", "delete", "exists", notes,
                       last_modified_by)
SELECT x.id, x.fabric_id, x.name, x.zone_type, x."create", x."delete", x."exists", x.notes, $2
  FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, fabric_id bigint, name text,
                                          zone_type text, "create" boolean, "delete" boolean,
                                          "exists" boolean, notes text)

-- name: AddZoneMembers
-- (zone, alias) pairs: $1 zone ids, $2 alias ids, pairwise.
INSERT INTO san.zone_members (zone_id, alias_id)
SELECT * FROM unnest($1::bigint[], $2::bigint[])
ON CONFLICT DO NOTHING

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
