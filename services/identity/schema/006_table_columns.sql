-- Each user's column choice and widths per web UI table: the visible columns in the order shown
-- and each one's width in px (0: as wide as its content). A sub-resource of the user's config,
-- one row per user and table, so the seed's user_config row (and its REST body) stay as they
-- are. The two arrays are parallel; identity validates them before they are written.
CREATE TABLE identity.user_table_columns (
  user_id     bigint NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
  table_name  text NOT NULL,
  column_keys text[] NOT NULL,
  widths      integer[] NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, table_name),
  CHECK (cardinality(column_keys) = cardinality(widths))
);
