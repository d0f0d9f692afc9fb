-- The rules every list, load and write of this service shares, written once: which records a
-- caller's filters keep, what a search matches, and the columns a storage system is answered with.

-- Epoch microseconds, as every audit stamp is answered.
CREATE FUNCTION storage.epoch_micros(t timestamptz) RETURNS bigint
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  AS $$ SELECT (extract(epoch FROM t) * 1000000)::bigint $$;

-- The filters of a list: `visible` the caller's customer ids (null for a superuser), `customer`
-- and `storage_id` the ones asked for (null for any), against a record's customer and storage
-- system. One expression, so the planner inlines it and still uses the indexes.
CREATE FUNCTION storage.in_scope(visible bigint[], customer bigint, storage_id bigint,
                                 record_customer bigint, record_storage bigint) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (visible IS NULL OR record_customer = ANY (visible))
           AND (customer IS NULL OR record_customer = customer)
           AND (storage_id IS NULL OR record_storage = storage_id) $$;

-- The search of a list: '' matches everything, anything else a record with one of `fields`
-- containing it, ignoring case.
CREATE FUNCTION storage.search_matches(search text, VARIADIC fields text[]) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT search = '' OR EXISTS (SELECT 1 FROM unnest(fields) AS field
                                      WHERE strpos(lower(field), lower(search)) > 0) $$;

-- A storage system as every query answers it: the editable columns named as the API names them
-- (PgStore reads them by name), then the audit stamp.
CREATE TYPE storage.storage_system_row AS (
  id bigint, customer_id bigint, name text, storage_type text, vendor text, model text,
  machine_type text, serial_number text, system_id text, storage_system_id text, wwnn text,
  firmware_level text, location text, primary_ip text, secondary_ip text, capacity_bytes bigint,
  used_capacity_bytes bigint, available_capacity_bytes bigint, notes text, attributes text,
  version bigint, last_modified_by text, last_modified_at bigint);

-- One ROW expression, so the planner inlines it and `(storage.storage_system_row(s)).*` reads
-- each column once.
CREATE FUNCTION storage.storage_system_row(s storage.storage_systems)
  RETURNS storage.storage_system_row
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT ROW(s.id, s.customer_id, s.name, s.storage_type, s.vendor, s.model, s.machine_type,
                   s.serial_number, s.system_id, s.storage_system_id, s.wwnn, s.firmware_level,
                   s.location, s.primary_ip, s.secondary_ip, s.capacity_bytes,
                   s.used_capacity_bytes, s.available_capacity_bytes, s.notes,
                   s.attributes::text, s.version, s.last_modified_by,
                   storage.epoch_micros(s.last_modified_at))::storage.storage_system_row $$;

-- A host as the list and the single read answer it: the audit stamp at columns 7..9, the WWPNs
-- last, sorted and comma-separated.
CREATE VIEW storage.host_rows AS
SELECT h.id, h.customer_id, h.storage_id, h.name, h.host_type, h.status, h.notes,
       h.version, h.last_modified_by, storage.epoch_micros(h.last_modified_at) AS last_modified_at,
       coalesce((SELECT string_agg(w.wwpn, ',' ORDER BY w.wwpn) FROM storage.host_wwpns w
                 WHERE w.host_id = h.id), '') AS wwpns
FROM storage.hosts h;
