-- Storage systems of customers, their hosts (with WWPNs) and volumes.
-- Customers live in the identity service: customer_id is an id checked against the caller's
-- principal, not a foreign key.

CREATE TABLE storage.storage_systems (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL,
  name text NOT NULL CHECK (name <> ''),
  storage_type text NOT NULL
    CHECK (storage_type IN ('FlashSystem', 'DS8000', 'Switch', 'Data Domain', 'Unknown')),
  vendor text,
  model text,
  machine_type text,
  serial_number text,
  system_id text,
  storage_system_id text,
  wwnn text CHECK (wwnn ~ '^([0-9a-f]{2}:){7}[0-9a-f]{2}$'),
  firmware_level text,
  location text,
  primary_ip text,
  secondary_ip text,
  capacity_bytes bigint CHECK (capacity_bytes >= 0),
  used_capacity_bytes bigint CHECK (used_capacity_bytes >= 0),
  available_capacity_bytes bigint CHECK (available_capacity_bytes >= 0),
  notes text NOT NULL DEFAULT '',
  attributes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
  version bigint NOT NULL DEFAULT 0,
  last_modified_by text,
  last_modified_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT storage_systems_customer_name_key UNIQUE (customer_id, name)
);

CREATE TABLE storage.hosts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL,
  storage_id bigint REFERENCES storage.storage_systems (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (name <> ''),
  host_type text,
  status text,
  notes text NOT NULL DEFAULT '',
  version bigint NOT NULL DEFAULT 0,
  last_modified_by text,
  last_modified_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT hosts_storage_name_key UNIQUE (storage_id, name)
);
CREATE INDEX hosts_customer_idx ON storage.hosts (customer_id, name);

-- Stored in the canonical lower-case colon form (common::NormalizeWwpn).
CREATE TABLE storage.host_wwpns (
  host_id bigint NOT NULL REFERENCES storage.hosts (id) ON DELETE CASCADE,
  wwpn text NOT NULL CHECK (wwpn ~ '^([0-9a-f]{2}:){7}[0-9a-f]{2}$'),
  PRIMARY KEY (host_id, wwpn)
);
CREATE INDEX host_wwpns_wwpn_idx ON storage.host_wwpns (wwpn);

CREATE TABLE storage.volumes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  storage_id bigint NOT NULL REFERENCES storage.storage_systems (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (name <> ''),
  volume_id text NOT NULL CHECK (volume_id <> ''),
  unique_id text NOT NULL CHECK (unique_id <> ''),
  capacity_bytes bigint CHECK (capacity_bytes >= 0),
  pool_name text,
  thin_provisioned boolean,
  version bigint NOT NULL DEFAULT 0,
  last_modified_by text,
  last_modified_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT volumes_unique_id_key UNIQUE (unique_id)
);
CREATE INDEX volumes_storage_idx ON storage.volumes (storage_id, name);
