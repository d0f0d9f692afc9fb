-- san.fabrics. A fabric row is always read with the columns of LoadFabric, in that order
-- (records.cpp decodes them): the audit stamp last, last_modified_at in epoch microseconds.
-- Orderings are a parameter ("name", "-name", …) checked against an allow-list before the call;
-- every allowed key has its CASE here, so the statement stays fixed and prepared.

-- name: LoadFabric
SELECT id, customer_id, name, zoneset_name, san_vendor, vsan, domain_id, "exists", notes,
       version, last_modified_by, (extract(epoch FROM last_modified_at) * 1000000)::bigint
  FROM san.fabrics WHERE id = $1

-- name: LoadFabricStamp
SELECT version, last_modified_by, (extract(epoch FROM last_modified_at) * 1000000)::bigint
  FROM san.fabrics WHERE id = $1

-- name: LockFabrics
-- The customer's fabrics among $1, kept from being deleted until the transaction ends.
SELECT id, customer_id, name, zoneset_name, san_vendor, vsan, domain_id, "exists", notes,
       version, last_modified_by, (extract(epoch FROM last_modified_at) * 1000000)::bigint
  FROM san.fabrics WHERE id = ANY($1::bigint[]) AND customer_id = $2
 ORDER BY id FOR KEY SHARE

-- name: CountFabrics
-- $1 every customer, $2 customer ids, $3 search term, $4 its ILIKE pattern.
SELECT count(*) FROM san.fabrics
 WHERE ($1::boolean OR customer_id = ANY($2::bigint[]))
   AND ($3::text = '' OR name ILIKE $4 OR zoneset_name ILIKE $4 OR notes ILIKE $4)

-- name: ListFabrics
-- As CountFabrics; $5 ordering, $6 limit, $7 offset.
SELECT id, customer_id, name, zoneset_name, san_vendor, vsan, domain_id, "exists", notes,
       version, last_modified_by, (extract(epoch FROM last_modified_at) * 1000000)::bigint
  FROM san.fabrics
 WHERE ($1::boolean OR customer_id = ANY($2::bigint[]))
   AND ($3::text = '' OR name ILIKE $4 OR zoneset_name ILIKE $4 OR notes ILIKE $4)
 ORDER BY
  CASE WHEN $5::text = 'id' THEN id END ASC,
  CASE WHEN $5::text = '-id' THEN id END DESC,
  CASE WHEN $5::text = 'name' THEN name END ASC,
  CASE WHEN $5::text = '-name' THEN name END DESC,
  CASE WHEN $5::text = 'zoneset_name' THEN zoneset_name END ASC,
  CASE WHEN $5::text = '-zoneset_name' THEN zoneset_name END DESC,
  CASE WHEN $5::text = 'san_vendor' THEN san_vendor END ASC,
  CASE WHEN $5::text = '-san_vendor' THEN san_vendor END DESC,
  CASE WHEN $5::text = 'vsan' THEN vsan END ASC,
  CASE WHEN $5::text = '-vsan' THEN vsan END DESC,
  CASE WHEN $5::text = 'domain_id' THEN domain_id END ASC,
  CASE WHEN $5::text = '-domain_id' THEN domain_id END DESC,
  CASE WHEN $5::text = 'exists' THEN "exists" END ASC,
  CASE WHEN $5::text = '-exists' THEN "exists" END DESC,
  CASE WHEN $5::text = 'version' THEN version END ASC,
  CASE WHEN $5::text = '-version' THEN version END DESC,
  CASE WHEN $5::text = 'last_modified_at' THEN last_modified_at END ASC,
  CASE WHEN $5::text = '-last_modified_at' THEN last_modified_at END DESC,
  id ASC
 LIMIT $6 OFFSET $7

-- name: FabricNameTaken
SELECT 1 FROM san.fabrics WHERE customer_id = $1 AND name = $2 AND id <> $3

-- name: InsertFabric
INSERT INTO san.fabrics (customer_id, name, zoneset_name, san_vendor, vsan, domain_id, "exists",
                         notes, last_modified_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
RETURNING id, customer_id, name, zoneset_name, san_vendor, vsan, domain_id, "exists", notes,
       version, last_modified_by, (extract(epoch FROM last_modified_at) * 1000000)::bigint

-- name: UpdateFabric
-- Compare-and-set: nothing when the version moved on, the row is gone, or nothing changed.
UPDATE san.fabrics
   SET name = $3, zoneset_name = $4, san_vendor = $5, vsan = $6, domain_id = $7, "exists" = $8,
       notes = $9, version = version + 1, last_modified_by = $10, last_modified_at = now()
 WHERE id = $1 AND version = $2
   AND (name, zoneset_name, san_vendor, vsan, domain_id, "exists", notes) IS DISTINCT FROM
       ($3::text, $4::text, $5::text, $6::integer, $7::integer, $8::boolean, $9::text)
RETURNING id, customer_id, name, zoneset_name, san_vendor, vsan, domain_id, "exists", notes,
       version, last_modified_by, (extract(epoch FROM last_modified_at) * 1000000)::bigint

-- name: DeleteFabric
DELETE FROM san.fabrics WHERE id = $1 AND version = $2 RETURNING id

-- name: CountCustomerFabrics
-- What identity asks before it deletes customer $1.
SELECT count(*) FROM san.fabrics WHERE customer_id = $1
