-- SAN's own entries of the audit feed (the shared history statements: services/common/queries).

-- name: RecordScriptGeneration
-- Zoning scripts of kind $3 ('create' | 'delete') generated for fabric $1 by $2, as an event of the
-- audit feed under the fabric's customer.
INSERT INTO san.history (entity, record_id, customer_id, version, action, changed_at, changed_by,
                         snapshot, changes)
SELECT 'scripts', f.id, f.customer_id, 0, 'generate', now(), $2, NULL,
       jsonb_build_object('kind', jsonb_build_array(NULL, $3::text))
  FROM san.fabrics f WHERE f.id = $1
