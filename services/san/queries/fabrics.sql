-- san.fabrics. A fabric row is always read with the columns of the view san.fabric_rows
-- (schema/002_record_rows.sql), in that order (pg_statements.cpp decodes them): the audit stamp
-- last, last_modified_at in epoch microseconds.
-- Orderings are a parameter ("name", "-name", …) checked against an allow-list before the call;
-- every allowed key has its branch in a CASE here, so the statement stays fixed and prepared.

-- name: LoadFabric
SELECT * FROM san.fabric_rows WHERE id = $1

-- name: LockFabrics
-- The customer's fabrics among $1, kept from being deleted until the transaction ends.
SELECT * FROM san.fabric_rows WHERE id = ANY($1::bigint[]) AND customer_id = $2
 ORDER BY id FOR KEY SHARE

-- name: ListFabrics
-- $1 every customer, $2 customer ids, $3 search term, $4 its ILIKE pattern, $5 ordering, $6 limit,
-- $7 offset. The last column counts every fabric that matches. One CASE per type of column and
-- direction: the key $5 names picks its column, the other CASEs sort nothing.
SELECT f.*, count(*) OVER () FROM san.fabric_rows f
 WHERE ($1::boolean OR f.customer_id = ANY($2::bigint[]))
   AND ($3::text = '' OR f.name ILIKE $4 OR f.zoneset_name ILIKE $4 OR f.notes ILIKE $4)
 ORDER BY
  CASE $5::text WHEN 'id' THEN f.id WHEN 'vsan' THEN f.vsan WHEN 'domain_id' THEN f.domain_id
                WHEN 'version' THEN f.version END ASC,
  CASE $5::text WHEN '-id' THEN f.id WHEN '-vsan' THEN f.vsan WHEN '-domain_id' THEN f.domain_id
                WHEN '-version' THEN f.version END DESC,
  CASE $5::text WHEN 'name' THEN f.name WHEN 'zoneset_name' THEN f.zoneset_name
                WHEN 'san_vendor' THEN f.san_vendor END ASC,
  CASE $5::text WHEN '-name' THEN f.name WHEN '-zoneset_name' THEN f.zoneset_name
                WHEN '-san_vendor' THEN f.san_vendor END DESC,
  CASE $5::text WHEN 'exists' THEN f."exists" END ASC,
  CASE $5::text WHEN '-exists' THEN f."exists" END DESC,
  CASE $5::text WHEN 'last_modified_at' THEN f.last_modified_at END ASC,
  CASE $5::text WHEN '-last_modified_at' THEN f.last_modified_at END DESC,
  f.id ASC
 LIMIT $6 OFFSET $7

-- name: ListFabricAliases
-- Every alias of fabric $1, by name.
SELECT * FROM san.alias_rows WHERE fabric_id = $1 ORDER BY name, id

-- name: ListFabricZones
-- Every zone of fabric $1, by name.
SELECT * FROM san.zone_rows WHERE fabric_id = $1 ORDER BY name, id

-- name: LockFabricRecords
-- The fabric $1 and every alias and zone it holds, locked FOR UPDATE (aliases, then zones, each
-- in ascending id order as batch saves lock them), so an import sees them as they stay until it
-- commits.
SELECT (SELECT count(*) FROM (SELECT id FROM san.fabrics WHERE id = $1 FOR UPDATE) f),
       (SELECT count(*) FROM (SELECT id FROM san.aliases WHERE fabric_id = $1
                               ORDER BY id FOR UPDATE) a),
       (SELECT count(*) FROM (SELECT id FROM san.zones WHERE fabric_id = $1
                               ORDER BY id FOR UPDATE) z)

-- name: ListProjectFabricIds
-- The fabrics of customer $2 holding an alias or a zone that project $1 lists.
SELECT DISTINCT f.id FROM san.fabrics f
 WHERE f.customer_id = $2
   AND (EXISTS (SELECT 1 FROM san.aliases a JOIN san.alias_projects p ON p.alias_id = a.id
                 WHERE a.fabric_id = f.id AND p.project_id = $1)
        OR EXISTS (SELECT 1 FROM san.zones z JOIN san.zone_projects p ON p.zone_id = z.id
                    WHERE z.fabric_id = f.id AND p.project_id = $1))
 ORDER BY f.id

-- name: FabricNameTaken
SELECT 1 FROM san.fabrics WHERE customer_id = $1 AND name = $2 AND id <> $3

-- name: InsertFabric
INSERT INTO san.fabrics (customer_id, name, zoneset_name, san_vendor, vsan, domain_id, "exists",
                         notes, last_modified_by, zoning_mode, smart_zoning, fos_name_rules)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
RETURNING id, customer_id, name, zoneset_name, san_vendor, vsan, domain_id, "exists", notes,
       version, last_modified_by, (extract(epoch FROM last_modified_at) * 1000000)::bigint,
       zoning_mode, smart_zoning, fos_name_rules

-- name: UpdateFabric
-- Compare-and-set: nothing when the version moved on, the row is gone, or nothing changed.
UPDATE san.fabrics
   SET name = $3, zoneset_name = $4, san_vendor = $5, vsan = $6, domain_id = $7, "exists" = $8,
       notes = $9, version = version + 1, last_modified_by = $10, last_modified_at = now(),
       zoning_mode = $11, smart_zoning = $12, fos_name_rules = $13
 WHERE id = $1 AND version = $2
   AND (name, zoneset_name, san_vendor, vsan, domain_id, "exists", notes, zoning_mode,
        smart_zoning, fos_name_rules) IS DISTINCT FROM
       ($3::text, $4::text, $5::text, $6::integer, $7::integer, $8::boolean, $9::text, $11::text,
        $12::boolean, $13::text)
RETURNING id, customer_id, name, zoneset_name, san_vendor, vsan, domain_id, "exists", notes,
       version, last_modified_by, (extract(epoch FROM last_modified_at) * 1000000)::bigint,
       zoning_mode, smart_zoning, fos_name_rules

-- name: DeleteFabric
DELETE FROM san.fabrics WHERE id = $1 AND version = $2 RETURNING id

-- name: CountCustomerFabrics
-- What identity asks before it deletes customer $1.
SELECT count(*) FROM san.fabrics WHERE customer_id = $1

-- name: CountProjectMembers
-- What identity asks before it deletes project $1: the aliases and zones it lists.
SELECT (SELECT count(*) FROM san.alias_projects WHERE project_id = $1),
       (SELECT count(*) FROM san.zone_projects WHERE project_id = $1)

-- name: ReleaseProjectAliases
-- Takes project $1 out of every alias that lists it; each such alias moves a version, by $2.
WITH released AS (DELETE FROM san.alias_projects WHERE project_id = $1 RETURNING alias_id)
UPDATE san.aliases
   SET version = version + 1, last_modified_by = $2, last_modified_at = now()
 WHERE id IN (SELECT alias_id FROM released)

-- name: ReleaseProjectZones
-- As ReleaseProjectAliases, for zones.
WITH released AS (DELETE FROM san.zone_projects WHERE project_id = $1 RETURNING zone_id)
UPDATE san.zones
   SET version = version + 1, last_modified_by = $2, last_modified_at = now()
 WHERE id IN (SELECT zone_id FROM released)
