-- Fabrics, aliases and zones. Customers, projects, hosts and storage systems live in other
-- services; their ids are kept here without foreign keys and checked over gRPC on write.
-- The columns "create", "delete" and "exists" are SQL keywords and always written quoted.

CREATE TABLE san.fabrics (
  id               bigserial PRIMARY KEY,
  customer_id      bigint NOT NULL,
  name             text NOT NULL,
  zoneset_name     text NOT NULL,
  san_vendor       text NOT NULL DEFAULT 'BR' CHECK (san_vendor IN ('BR', 'CI')),
  vsan             integer,
  domain_id        integer,
  "exists"         boolean NOT NULL DEFAULT false,
  notes            text NOT NULL DEFAULT '',
  version          bigint NOT NULL DEFAULT 0,
  last_modified_by text,
  last_modified_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT fabrics_customer_name_key UNIQUE (customer_id, name)
);

-- The uniqueness of names and WWPNs is checked at commit, so one batch may swap two names.
CREATE TABLE san.aliases (
  id                bigserial PRIMARY KEY,
  fabric_id         bigint NOT NULL REFERENCES san.fabrics (id) ON DELETE CASCADE,
  name              text NOT NULL,
  wwpn              text NOT NULL CHECK (wwpn ~ '^([0-9a-f]{2}:){7}[0-9a-f]{2}$'),
  use               text CHECK (use IN ('init', 'target', 'both')),
  cisco_alias       text NOT NULL DEFAULT 'device-alias'
                    CHECK (cisco_alias IN ('device-alias', 'fcalias', 'wwpn')),
  "create"          boolean NOT NULL DEFAULT false,
  "delete"          boolean NOT NULL DEFAULT false,
  include_in_zoning boolean NOT NULL DEFAULT false,
  logged_in         boolean NOT NULL DEFAULT false,
  host_id           bigint,
  storage_id        bigint,
  notes             text NOT NULL DEFAULT '',
  version           bigint NOT NULL DEFAULT 0,
  last_modified_by  text,
  last_modified_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT aliases_fabric_name_key UNIQUE (fabric_id, name) DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT aliases_fabric_wwpn_key UNIQUE (fabric_id, wwpn) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE san.alias_projects (
  alias_id   bigint NOT NULL REFERENCES san.aliases (id) ON DELETE CASCADE,
  project_id bigint NOT NULL,
  PRIMARY KEY (alias_id, project_id)
);
CREATE INDEX alias_projects_project_idx ON san.alias_projects (project_id, alias_id);

CREATE TABLE san.zones (
  id               bigserial PRIMARY KEY,
  fabric_id        bigint NOT NULL REFERENCES san.fabrics (id) ON DELETE CASCADE,
  name             text NOT NULL,
  zone_type        text NOT NULL DEFAULT 'standard' CHECK (zone_type IN ('standard', 'smart')),
  "create"         boolean NOT NULL DEFAULT false,
  "delete"         boolean NOT NULL DEFAULT false,
  "exists"         boolean NOT NULL DEFAULT false,
  notes            text NOT NULL DEFAULT '',
  version          bigint NOT NULL DEFAULT 0,
  last_modified_by text,
  last_modified_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT zones_fabric_name_key UNIQUE (fabric_id, name) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE san.zone_members (
  zone_id  bigint NOT NULL REFERENCES san.zones (id) ON DELETE CASCADE,
  alias_id bigint NOT NULL REFERENCES san.aliases (id) ON DELETE CASCADE,
  PRIMARY KEY (zone_id, alias_id)
);
CREATE INDEX zone_members_alias_idx ON san.zone_members (alias_id);

CREATE TABLE san.zone_projects (
  zone_id    bigint NOT NULL REFERENCES san.zones (id) ON DELETE CASCADE,
  project_id bigint NOT NULL,
  PRIMARY KEY (zone_id, project_id)
);
CREATE INDEX zone_projects_project_idx ON san.zone_projects (project_id, zone_id);
