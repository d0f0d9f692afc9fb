-- The WWPNs of hosts (storage.host_wwpns), in the canonical lower-case colon form.

-- name: DeleteHostWwpns
-- $1 host ids: every WWPN of these hosts, before their new set is inserted.
DELETE FROM storage.host_wwpns WHERE host_id = ANY($1::bigint[])

-- name: InsertHostWwpns
-- $1 a JSON array of {host_id, wwpn}.
INSERT INTO storage.host_wwpns (host_id, wwpn)
SELECT x.host_id, x.wwpn
FROM jsonb_to_recordset($1::jsonb) AS x(host_id bigint, wwpn text)
ORDER BY x.host_id, x.wwpn
