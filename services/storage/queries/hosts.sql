-- Hosts (storage.hosts) with their WWPNs. Reads are limited to the customers the caller may see:
-- the parameter named "visible customers" holds their ids, or is null for a superuser. A host is
-- selected as storage.host_rows (schema/002) has it: its audit stamp at columns 7..9 (version,
-- last_modified_by, last_modified_at in epoch microseconds) and its WWPNs last.

-- name: CountHosts
-- $1 visible customers, $2 customer or null, $3 storage id or null, $4 search ('' for none).
SELECT count(*)
FROM storage.hosts h
WHERE storage.in_scope($1::bigint[], $2::bigint, $3::bigint, h.customer_id, h.storage_id)
  AND (storage.search_matches($4::text, h.name, h.host_type, h.status, h.notes)
       OR EXISTS (SELECT 1 FROM storage.host_wwpns w
                  WHERE w.host_id = h.id AND strpos(w.wwpn, lower($4::text)) > 0))

-- name: ListHosts
-- One page of CountHosts' rows: $1..$4 as there, $5 ordering (a field of the service's
-- allow-list, "-" first for descending), $6 limit, $7 offset. Ties keep id order.
SELECT h.*
FROM storage.host_rows h
WHERE storage.in_scope($1::bigint[], $2::bigint, $3::bigint, h.customer_id, h.storage_id)
  AND (storage.search_matches($4::text, h.name, h.host_type, h.status, h.notes)
       OR EXISTS (SELECT 1 FROM storage.host_wwpns w
                  WHERE w.host_id = h.id AND strpos(w.wwpn, lower($4::text)) > 0))
ORDER BY
  CASE $5::text WHEN 'name' THEN h.name WHEN 'host_type' THEN h.host_type
    WHEN 'status' THEN h.status END ASC,
  CASE $5::text WHEN '-name' THEN h.name WHEN '-host_type' THEN h.host_type
    WHEN '-status' THEN h.status END DESC,
  CASE $5::text WHEN 'id' THEN h.id END ASC,
  CASE $5::text WHEN '-id' THEN h.id END DESC,
  CASE $5::text WHEN 'last_modified_at' THEN h.last_modified_at END ASC,
  CASE $5::text WHEN '-last_modified_at' THEN h.last_modified_at END DESC,
  h.id
LIMIT $6 OFFSET $7

-- name: GetHost
-- $1 id, $2 visible customers.
SELECT h.*
FROM storage.host_rows h
WHERE h.id = $1 AND ($2::bigint[] IS NULL OR h.customer_id = ANY($2::bigint[]))

-- name: LoadImportHosts
-- The hosts of storage system $1, as an import diffs them.
SELECT h.id, h.version, h.name, h.host_type, h.status, h.notes,
       coalesce((SELECT string_agg(w.wwpn, ',' ORDER BY w.wwpn) FROM storage.host_wwpns w
                 WHERE w.host_id = h.id), '') AS wwpns
FROM storage.hosts h
WHERE h.storage_id = $1

-- name: CreateHosts
-- Every new host of an import: $1 customer, $2 storage id, $3 user, $4 a JSON array of
-- {name, host_type, status, notes}. Inserted in name order, so concurrent writers lock alike.
INSERT INTO storage.hosts (customer_id, storage_id, name, host_type, status, notes,
                           version, last_modified_by, last_modified_at)
SELECT $1, $2, x.name, x.host_type, x.status, x.notes, 0, $3, now()
FROM jsonb_to_recordset($4::jsonb) AS x(name text, host_type text, status text, notes text)
ORDER BY x.name
RETURNING id, name

-- name: LockHosts
-- $1 host ids. Locked in id order before a batch update, so writers whose rows overlap queue up
-- in one order rather than deadlock.
SELECT 1 FROM storage.hosts WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE

-- name: UpdateHosts
-- Compare-and-set of every changed host of an import: $1 a JSON array of
-- {id, version, host_type, status, notes}, $2 user. A row per host updated; fewer rows than
-- items means another writer moved one on.
UPDATE storage.hosts AS h
SET host_type = x.host_type, status = x.status, notes = x.notes,
    version = h.version + 1, last_modified_by = $2, last_modified_at = now()
FROM jsonb_to_recordset($1::jsonb)
     AS x(id bigint, version bigint, host_type text, status text, notes text)
WHERE h.id = x.id AND h.version = x.version
RETURNING h.id

-- name: ListStorageHostIds
-- The hosts of storage system $1, which aliases in SAN may name; asked before it is deleted.
SELECT id FROM storage.hosts WHERE storage_id = $1 ORDER BY id
