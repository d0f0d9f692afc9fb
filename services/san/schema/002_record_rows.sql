-- The rows the store reads, each written once for every statement that reads the record. A view
-- has the columns of one record in the order pg_statements.cpp decodes them (the audit stamp with
-- last_modified_at in epoch microseconds, project and member ids as comma-separated lists), then
-- what lists search and order by. A migration that adds a column to a table recreates its view.

CREATE VIEW san.fabric_rows AS
SELECT id, customer_id, name, zoneset_name, san_vendor, vsan, domain_id, "exists", notes,
       version, last_modified_by,
       (extract(epoch FROM last_modified_at) * 1000000)::bigint AS last_modified_micros,
       last_modified_at
  FROM san.fabrics;

CREATE VIEW san.alias_rows AS
SELECT a.id, f.customer_id, a.fabric_id, a.name, a.wwpn, a.use, a.cisco_alias, a."create",
       a."delete", a.include_in_zoning, a.logged_in, a.host_id, a.storage_id, a.notes,
       a.version, a.last_modified_by,
       (extract(epoch FROM a.last_modified_at) * 1000000)::bigint AS last_modified_micros,
       array_to_string(ARRAY(SELECT p.project_id FROM san.alias_projects p
                              WHERE p.alias_id = a.id ORDER BY p.project_id), ',') AS projects,
       a.last_modified_at, f.name AS fabric_name
  FROM san.aliases a JOIN san.fabrics f ON f.id = a.fabric_id;

CREATE VIEW san.zone_rows AS
SELECT z.id, f.customer_id, z.fabric_id, z.name, z.zone_type, z."create", z."delete", z."exists",
       z.notes, z.version, z.last_modified_by,
       (extract(epoch FROM z.last_modified_at) * 1000000)::bigint AS last_modified_micros,
       array_to_string(ARRAY(SELECT p.project_id FROM san.zone_projects p
                              WHERE p.zone_id = z.id ORDER BY p.project_id), ',') AS projects,
       array_to_string(ARRAY(SELECT m.alias_id FROM san.zone_members m
                               JOIN san.aliases ma ON ma.id = m.alias_id
                              WHERE m.zone_id = z.id ORDER BY ma.name, ma.id), ',') AS members,
       z.last_modified_at, f.name AS fabric_name
  FROM san.zones z JOIN san.fabrics f ON f.id = z.fabric_id;

-- The audit stamp of every fabric, alias and zone by kind ('fabric', 'alias', 'zone') and id: what
-- a compare-and-set that matched no row reads to tell a deleted record from one another user
-- changed.
CREATE VIEW san.record_stamps AS
SELECT 'fabric' AS kind, id, version, last_modified_by, last_modified_at FROM san.fabrics
UNION ALL SELECT 'alias', id, version, last_modified_by, last_modified_at FROM san.aliases
UNION ALL SELECT 'zone', id, version, last_modified_by, last_modified_at FROM san.zones;
