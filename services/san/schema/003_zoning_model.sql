-- What zoning scripts, the hygiene report and the import of switch output need beyond 001:
-- per fabric its Cisco zoning mode, smart zoning and the Brocade name rules; per alias an ordered
-- list of WWPNs; per zone member a role; per zone whether it is in the fabric's zoneset / cfg.

ALTER TABLE san.fabrics
  ADD COLUMN zoning_mode text NOT NULL DEFAULT 'enhanced'
             CHECK (zoning_mode IN ('enhanced', 'basic')),
  ADD COLUMN smart_zoning boolean NOT NULL DEFAULT false,
  ADD COLUMN fos_name_rules text NOT NULL DEFAULT '8.1+'
             CHECK (fos_name_rules IN ('8.1+', 'legacy'));

-- Every WWPN of an alias, the first (position 0) also in san.aliases.wwpn, which lists search and
-- order by. A WWPN belongs to one alias of a fabric, whichever position it holds there: the unique
-- key is on (fabric, wwpn), checked at commit like the aliases' own keys.
CREATE TABLE san.alias_wwpns (
  alias_id  bigint NOT NULL REFERENCES san.aliases (id) ON DELETE CASCADE,
  fabric_id bigint NOT NULL,
  position  integer NOT NULL CHECK (position >= 0),
  wwpn      text NOT NULL CHECK (wwpn ~ '^([0-9a-f]{2}:){7}[0-9a-f]{2}$'),
  PRIMARY KEY (alias_id, position),
  CONSTRAINT alias_wwpns_fabric_wwpn_key UNIQUE (fabric_id, wwpn) DEFERRABLE INITIALLY DEFERRED
);

INSERT INTO san.alias_wwpns (alias_id, fabric_id, position, wwpn)
SELECT id, fabric_id, 0, wwpn FROM san.aliases;

-- null: the member acts as its alias's `use` says.
ALTER TABLE san.zone_members
  ADD COLUMN role text CHECK (role IN ('init', 'target', 'both'));

ALTER TABLE san.zones ADD COLUMN in_zoneset boolean NOT NULL DEFAULT true;

-- The views of 002 with the new columns appended (the store reads these by name).
CREATE OR REPLACE VIEW san.fabric_rows AS
SELECT id, customer_id, name, zoneset_name, san_vendor, vsan, domain_id, "exists", notes,
       version, last_modified_by,
       (extract(epoch FROM last_modified_at) * 1000000)::bigint AS last_modified_micros,
       last_modified_at, zoning_mode, smart_zoning, fos_name_rules
  FROM san.fabrics;

CREATE OR REPLACE VIEW san.alias_rows AS
SELECT a.id, f.customer_id, a.fabric_id, a.name, a.wwpn, a.use, a.cisco_alias, a."create",
       a."delete", a.include_in_zoning, a.logged_in, a.host_id, a.storage_id, a.notes,
       a.version, a.last_modified_by,
       (extract(epoch FROM a.last_modified_at) * 1000000)::bigint AS last_modified_micros,
       array_to_string(ARRAY(SELECT p.project_id FROM san.alias_projects p
                              WHERE p.alias_id = a.id ORDER BY p.project_id), ',') AS projects,
       a.last_modified_at, f.name AS fabric_name,
       array_to_string(ARRAY(SELECT w.wwpn FROM san.alias_wwpns w
                              WHERE w.alias_id = a.id ORDER BY w.position), ',') AS wwpns
  FROM san.aliases a JOIN san.fabrics f ON f.id = a.fabric_id;

-- member_roles: "<alias id>:<role>" for every member with a role, comma-separated.
CREATE OR REPLACE VIEW san.zone_rows AS
SELECT z.id, f.customer_id, z.fabric_id, z.name, z.zone_type, z."create", z."delete", z."exists",
       z.notes, z.version, z.last_modified_by,
       (extract(epoch FROM z.last_modified_at) * 1000000)::bigint AS last_modified_micros,
       array_to_string(ARRAY(SELECT p.project_id FROM san.zone_projects p
                              WHERE p.zone_id = z.id ORDER BY p.project_id), ',') AS projects,
       array_to_string(ARRAY(SELECT m.alias_id FROM san.zone_members m
                               JOIN san.aliases ma ON ma.id = m.alias_id
                              WHERE m.zone_id = z.id ORDER BY ma.name, ma.id), ',') AS members,
       z.last_modified_at, f.name AS fabric_name, z.in_zoneset,
       array_to_string(ARRAY(SELECT m.alias_id || ':' || m.role FROM san.zone_members m
                              WHERE m.zone_id = z.id AND m.role IS NOT NULL
                              ORDER BY m.alias_id), ',') AS member_roles
  FROM san.zones z JOIN san.fabrics f ON f.id = z.fabric_id;
