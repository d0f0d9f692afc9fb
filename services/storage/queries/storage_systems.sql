-- Storage systems (storage.storage_systems). Reads and writes are limited to the customers the
-- caller may see: the parameter named "visible customers" holds their ids, or is null for a
-- superuser, who sees all. A record is selected as storage.storage_system_row (schema/002) makes
-- it: its editable columns named as the API names them, its audit stamp last.

-- name: CountStorage
-- $1 visible customers, $2 customer or null, $3 storage id or null, $4 search ('' for none).
SELECT count(*)
FROM storage.storage_systems s
WHERE storage.in_scope($1::bigint[], $2::bigint, $3::bigint, s.customer_id, s.id)
  AND storage.search_matches($4::text, s.name, s.vendor, s.model, s.serial_number, s.location,
                             s.notes)

-- name: ListStorage
-- One page of CountStorage's rows: $1..$4 as there, $5 ordering (a field of the service's
-- allow-list, "-" first for descending), $6 limit, $7 offset. Ties keep id order.
SELECT (storage.storage_system_row(s)).*
FROM storage.storage_systems s
WHERE storage.in_scope($1::bigint[], $2::bigint, $3::bigint, s.customer_id, s.id)
  AND storage.search_matches($4::text, s.name, s.vendor, s.model, s.serial_number, s.location,
                             s.notes)
ORDER BY
  CASE $5::text WHEN 'name' THEN s.name WHEN 'storage_type' THEN s.storage_type
    WHEN 'vendor' THEN s.vendor WHEN 'model' THEN s.model
    WHEN 'serial_number' THEN s.serial_number WHEN 'location' THEN s.location END ASC,
  CASE $5::text WHEN '-name' THEN s.name WHEN '-storage_type' THEN s.storage_type
    WHEN '-vendor' THEN s.vendor WHEN '-model' THEN s.model
    WHEN '-serial_number' THEN s.serial_number WHEN '-location' THEN s.location END DESC,
  CASE $5::text WHEN 'id' THEN s.id WHEN 'capacity_bytes' THEN s.capacity_bytes END ASC,
  CASE $5::text WHEN '-id' THEN s.id WHEN '-capacity_bytes' THEN s.capacity_bytes END DESC,
  CASE $5::text WHEN 'last_modified_at' THEN s.last_modified_at END ASC,
  CASE $5::text WHEN '-last_modified_at' THEN s.last_modified_at END DESC,
  s.id
LIMIT $6 OFFSET $7

-- name: GetStorage
-- $1 id, $2 visible customers.
SELECT (storage.storage_system_row(s)).*
FROM storage.storage_systems s
WHERE s.id = $1 AND ($2::bigint[] IS NULL OR s.customer_id = ANY($2::bigint[]))

-- name: StorageVisible
-- $1 id, $2 visible customers; a row when the caller may see the storage system.
SELECT 1 FROM storage.storage_systems s
WHERE s.id = $1 AND ($2::bigint[] IS NULL OR s.customer_id = ANY($2::bigint[]))

-- name: CreateStorage
-- $1 customer, $2 user, $3..$20 every editable column (storage_fields.cpp order). No row when the
-- customer already has a storage system of that name.
INSERT INTO storage.storage_systems AS s (
  customer_id, name, storage_type, vendor, model, machine_type, serial_number, system_id,
  storage_system_id, wwnn, firmware_level, location, primary_ip, secondary_ip, capacity_bytes,
  used_capacity_bytes, available_capacity_bytes, notes, attributes,
  version, last_modified_by, last_modified_at)
VALUES ($1, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text,
        $10::text, $11::text, $12::text, $13::text, $14::text, $15::text, $16::bigint,
        $17::bigint, $18::bigint, $19::text, $20::jsonb,
        0, $2, now())
ON CONFLICT (customer_id, name) DO NOTHING
RETURNING (storage.storage_system_row(s)).*

-- name: UpdateStorage
-- Compare-and-set of the whole row: $1 id, $2 expected version, $3 visible customers, $4 user,
-- $5..$22 every editable column (storage_fields.cpp order). The version moves only when a value
-- differs (DESIGN.md §3.3), so no row means: not visible, version moved on, or nothing to change.
UPDATE storage.storage_systems AS s
SET name = $5::text, storage_type = $6::text, vendor = $7::text, model = $8::text,
    machine_type = $9::text, serial_number = $10::text, system_id = $11::text,
    storage_system_id = $12::text, wwnn = $13::text, firmware_level = $14::text,
    location = $15::text, primary_ip = $16::text, secondary_ip = $17::text,
    capacity_bytes = $18::bigint, used_capacity_bytes = $19::bigint,
    available_capacity_bytes = $20::bigint, notes = $21::text, attributes = $22::jsonb,
    version = s.version + 1, last_modified_by = $4, last_modified_at = now()
WHERE s.id = $1 AND s.version = $2
  AND ($3::bigint[] IS NULL OR s.customer_id = ANY($3::bigint[]))
  AND (s.name, s.storage_type, s.vendor, s.model, s.machine_type, s.serial_number, s.system_id,
       s.storage_system_id, s.wwnn, s.firmware_level, s.location, s.primary_ip, s.secondary_ip,
       s.capacity_bytes, s.used_capacity_bytes, s.available_capacity_bytes, s.notes,
       s.attributes)
      IS DISTINCT FROM
      ($5::text, $6::text, $7::text, $8::text, $9::text, $10::text, $11::text, $12::text,
       $13::text, $14::text, $15::text, $16::text, $17::text, $18::bigint, $19::bigint,
       $20::bigint, $21::text, $22::jsonb)
RETURNING (storage.storage_system_row(s)).*

-- name: DeleteStorage
-- Compare-and-set: $1 id, $2 expected version, $3 visible customers.
DELETE FROM storage.storage_systems AS s
WHERE s.id = $1 AND s.version = $2
  AND ($3::bigint[] IS NULL OR s.customer_id = ANY($3::bigint[]))
RETURNING s.id

-- name: LockStorageForImport
-- $1 id, $2 visible customers. The key-share lock keeps the storage system from being deleted
-- under an import without blocking edits of its fields.
SELECT s.customer_id FROM storage.storage_systems s
WHERE s.id = $1 AND ($2::bigint[] IS NULL OR s.customer_id = ANY($2::bigint[]))
FOR KEY SHARE

-- name: TakeImportTurn
-- $1 storage id. Imports into one storage system take turns (until commit), so two of them never
-- both create the same host.
SELECT pg_advisory_xact_lock(hashtext('storage.import'), ($1::bigint % 2147483647)::int)

-- name: CountCustomerStorage
-- What identity asks before it deletes customer $1.
SELECT count(*) FROM storage.storage_systems WHERE customer_id = $1
