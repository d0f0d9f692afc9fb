-- san.record_stamps: the audit stamp of any fabric, alias or zone.

-- name: LoadStamp
-- $1 the kind of record ('fabric', 'alias', 'zone'), $2 its id.
SELECT version, last_modified_by, (extract(epoch FROM last_modified_at) * 1000000)::bigint
  FROM san.record_stamps WHERE kind = $1 AND id = $2
