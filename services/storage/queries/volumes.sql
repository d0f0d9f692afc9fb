-- Volumes (storage.volumes). A volume is visible when its storage system's customer is: the
-- parameter named "visible customers" holds the caller's customer ids, or is null for a
-- superuser. A volume is selected with its audit stamp last (version, last_modified_by,
-- last_modified_at in epoch microseconds).

-- name: CountVolumes
-- $1 visible customers, $2 customer or null, $3 storage id or null, $4 search ('' for none).
SELECT count(*)
FROM storage.volumes v
WHERE EXISTS (SELECT 1 FROM storage.storage_systems s
              WHERE s.id = v.storage_id
                AND storage.in_scope($1::bigint[], $2::bigint, $3::bigint, s.customer_id, s.id))
  AND storage.search_matches($4::text, v.name, v.volume_id, v.unique_id, v.pool_name)

-- name: ListVolumes
-- One page of CountVolumes' rows: $1..$4 as there, $5 ordering (a field of the service's
-- allow-list, "-" first for descending), $6 limit, $7 offset. Ties keep id order.
SELECT v.id, v.storage_id, v.name, v.volume_id, v.unique_id, v.capacity_bytes, v.pool_name,
       v.thin_provisioned, v.version, v.last_modified_by,
       storage.epoch_micros(v.last_modified_at) AS last_modified_at
FROM storage.volumes v
WHERE EXISTS (SELECT 1 FROM storage.storage_systems s
              WHERE s.id = v.storage_id
                AND storage.in_scope($1::bigint[], $2::bigint, $3::bigint, s.customer_id, s.id))
  AND storage.search_matches($4::text, v.name, v.volume_id, v.unique_id, v.pool_name)
ORDER BY
  CASE $5::text WHEN 'name' THEN v.name WHEN 'volume_id' THEN v.volume_id
    WHEN 'unique_id' THEN v.unique_id WHEN 'pool_name' THEN v.pool_name END ASC,
  CASE $5::text WHEN '-name' THEN v.name WHEN '-volume_id' THEN v.volume_id
    WHEN '-unique_id' THEN v.unique_id WHEN '-pool_name' THEN v.pool_name END DESC,
  CASE $5::text WHEN 'id' THEN v.id WHEN 'capacity_bytes' THEN v.capacity_bytes END ASC,
  CASE $5::text WHEN '-id' THEN v.id WHEN '-capacity_bytes' THEN v.capacity_bytes END DESC,
  CASE $5::text WHEN 'last_modified_at' THEN v.last_modified_at END ASC,
  CASE $5::text WHEN '-last_modified_at' THEN v.last_modified_at END DESC,
  v.id
LIMIT $6 OFFSET $7

-- name: GetVolume
-- $1 id, $2 visible customers.
SELECT v.id, v.storage_id, v.name, v.volume_id, v.unique_id, v.capacity_bytes, v.pool_name,
       v.thin_provisioned, v.version, v.last_modified_by,
       storage.epoch_micros(v.last_modified_at) AS last_modified_at
FROM storage.volumes v
WHERE v.id = $1
  AND EXISTS (SELECT 1 FROM storage.storage_systems s
              WHERE s.id = v.storage_id
                AND ($2::bigint[] IS NULL OR s.customer_id = ANY($2::bigint[])))

-- name: LoadImportVolumes
-- $1 unique ids: the volumes an import names, of any storage system.
SELECT v.id, v.version, v.storage_id, v.name, v.volume_id, v.unique_id, v.capacity_bytes,
       v.pool_name, v.thin_provisioned
FROM storage.volumes v
WHERE v.unique_id = ANY($1::text[])

-- name: CreateVolumes
-- Every new volume of an import: $1 storage id, $2 user, $3 a JSON array of {name, volume_id,
-- unique_id, capacity_bytes, pool_name, thin_provisioned}. Inserted in unique_id order, so
-- concurrent writers lock alike.
INSERT INTO storage.volumes (storage_id, name, volume_id, unique_id, capacity_bytes, pool_name,
                             thin_provisioned, version, last_modified_by, last_modified_at)
SELECT $1, x.name, x.volume_id, x.unique_id, x.capacity_bytes, x.pool_name, x.thin_provisioned,
       0, $2, now()
FROM jsonb_to_recordset($3::jsonb) AS x(name text, volume_id text, unique_id text,
                                        capacity_bytes bigint, pool_name text,
                                        thin_provisioned boolean)
ORDER BY x.unique_id

-- name: LockVolumes
-- $1 volume ids. Locked in id order before a batch update, so writers whose rows overlap queue
-- up in one order rather than deadlock.
SELECT 1 FROM storage.volumes WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE

-- name: UpdateVolumes
-- Compare-and-set of every changed volume of an import into storage system $3: $1 a JSON array
-- of {id, version, name, volume_id, capacity_bytes, pool_name, thin_provisioned}, $2 user. A row
-- per volume updated; fewer rows than items means another writer moved one on.
UPDATE storage.volumes AS v
SET name = x.name, volume_id = x.volume_id, capacity_bytes = x.capacity_bytes,
    pool_name = x.pool_name, thin_provisioned = x.thin_provisioned,
    version = v.version + 1, last_modified_by = $2, last_modified_at = now()
FROM jsonb_to_recordset($1::jsonb)
     AS x(id bigint, version bigint, name text, volume_id text, capacity_bytes bigint,
          pool_name text, thin_provisioned boolean)
WHERE v.id = x.id AND v.version = x.version AND v.storage_id = $3
RETURNING v.id
