-- Version history of customers and projects: one row per version a transaction commits (and one
-- per delete), written by triggers so that no write path can forget it and it commits or rolls
-- back with the write.
--
-- The same machinery as SAN's 004_history.sql, in this service's schema (no service reads
-- another's tables, and an applied migration never changes, so each keeps its own copy); see
-- there for how the deferred triggers snapshot and diff. A customer's history belongs to the
-- customer itself.

CREATE TABLE identity.history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity      text NOT NULL,
  record_id   bigint NOT NULL,
  -- The customer whose members may read the row; kept on delete entries, when the record is gone.
  customer_id bigint NOT NULL,
  -- The version the change produced; for a delete, the version that was deleted.
  version     bigint NOT NULL,
  -- 'baseline' is the state a record had when this migration ran: a diff base, never listed.
  action      text NOT NULL CHECK (action IN ('baseline', 'create', 'update', 'delete')),
  changed_at  timestamptz NOT NULL,
  changed_by  text,
  snapshot    jsonb,  -- null for a delete
  changes     jsonb NOT NULL
);
CREATE INDEX history_record_idx ON identity.history (entity, record_id, id DESC);
CREATE INDEX history_customer_idx ON identity.history (customer_id, id DESC);
CREATE INDEX history_changed_at_idx ON identity.history (changed_at DESC, id DESC);

-- {field: [old, new]} for every top-level field whose value differs; a missing side is null, and a
-- field null on both sides did not change.
CREATE FUNCTION identity.history_changes(old_state jsonb, new_state jsonb) RETURNS jsonb
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(jsonb_object_agg(key, jsonb_build_array(old_state -> key, new_state -> key)),
                        '{}'::jsonb)
          FROM (SELECT jsonb_object_keys(coalesce(old_state, '{}'::jsonb))
                UNION SELECT jsonb_object_keys(coalesce(new_state, '{}'::jsonb))) AS keys (key)
         WHERE coalesce(old_state -> key, 'null'::jsonb)
               IS DISTINCT FROM coalesce(new_state -> key, 'null'::jsonb) $$;

-- The entries the API lists (baselines are not changes), with the time in epoch microseconds.
CREATE VIEW identity.history_entries AS
SELECT id, entity, record_id, customer_id, version, action,
       (extract(epoch FROM changed_at) * 1000000)::bigint AS at_micros, changed_by,
       changes::text AS changes, changed_at
  FROM identity.history WHERE action <> 'baseline';

-- The entries of a feed: `visible` the caller's customers (null for a superuser), the rest the
-- filters asked for (null for any); `since` inclusive, `until` exclusive, in epoch microseconds.
CREATE FUNCTION identity.history_feed(visible bigint[], customer bigint, username text,
                                 entity_name text, since_micros bigint, until_micros bigint)
  RETURNS SETOF identity.history_entries
  LANGUAGE sql STABLE
  AS $$ SELECT * FROM identity.history_entries e
         WHERE (visible IS NULL OR e.customer_id = ANY (visible))
           AND (customer IS NULL OR e.customer_id = customer)
           AND (username IS NULL OR e.changed_by = username)
           AND (entity_name IS NULL OR e.entity = entity_name)
           AND (since_micros IS NULL
                OR e.changed_at >= timestamptz 'epoch' + since_micros * interval '1 microsecond')
           AND (until_micros IS NULL
                OR e.changed_at < timestamptz 'epoch' + until_micros * interval '1 microsecond') $$;

-- A record as it stands: its customer, audit stamp and snapshot (the fields under their API names,
-- lists sorted by id). No row when it does not exist. Every column of the record table is in the
-- snapshot (to_jsonb), so a migration that adds a column adds it to the history; one that adds a
-- list table adds it here.
CREATE FUNCTION identity.record_state(entity text, record_id bigint)
  RETURNS TABLE (customer_id bigint, version bigint, last_modified_by text,
                 last_modified_at timestamptz, snapshot jsonb)
  LANGUAGE sql STABLE
  AS $$
SELECT c.id, c.version, c.last_modified_by, c.last_modified_at,
       to_jsonb(c) - '{id,version,last_modified_by,last_modified_at,created_at}'::text[]
  FROM identity.customers c WHERE entity = 'customer' AND c.id = record_id
UNION ALL
SELECT p.customer_id, p.version, p.last_modified_by, p.last_modified_at,
       (to_jsonb(p) - '{id,customer_id,version,last_modified_by,last_modified_at,created_at}'::text[])
         || jsonb_build_object('customer', p.customer_id)
  FROM identity.projects p WHERE entity = 'project' AND p.id = record_id
$$;

-- The trigger of every record table, TG_ARGV[0] naming the entity. Fires at commit, once per row
-- event: the first event of a record writes its row and the others find it written (same
-- version). A version that did not move writes nothing. A delete records who deleted from the
-- transaction's `sanplane.user` setting (the store sets it), else the last writer.
CREATE FUNCTION identity.record_history() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  entity_name text := TG_ARGV[0];
  changed_id bigint;
  previous identity.history;
  has_previous boolean;
  current_state record;
BEGIN
  IF TG_OP = 'DELETE' THEN changed_id := OLD.id; ELSE changed_id := NEW.id; END IF;
  SELECT * INTO previous FROM identity.history h
   WHERE h.entity = entity_name AND h.record_id = changed_id ORDER BY h.id DESC LIMIT 1;
  has_previous := FOUND;

  IF TG_OP = 'DELETE' THEN
    -- Nothing recorded: created and deleted in this transaction, nobody ever saw it.
    IF NOT has_previous OR previous.action = 'delete' THEN RETURN NULL; END IF;
    INSERT INTO identity.history (entity, record_id, customer_id, version, action, changed_at,
                             changed_by, snapshot, changes)
    VALUES (entity_name, changed_id, previous.customer_id, OLD.version, 'delete', now(),
            coalesce(nullif(current_setting('sanplane.user', true), ''), OLD.last_modified_by),
            NULL, identity.history_changes(previous.snapshot, NULL));
    RETURN NULL;
  END IF;

  SELECT * INTO current_state FROM identity.record_state(entity_name, changed_id);
  -- Deleted later in this transaction: its delete event records it.
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF has_previous AND previous.version = current_state.version THEN RETURN NULL; END IF;
  INSERT INTO identity.history (entity, record_id, customer_id, version, action, changed_at,
                           changed_by, snapshot, changes)
  VALUES (entity_name, changed_id, current_state.customer_id, current_state.version,
          CASE WHEN has_previous THEN 'update' ELSE 'create' END,
          current_state.last_modified_at, current_state.last_modified_by, current_state.snapshot,
          identity.history_changes(previous.snapshot, current_state.snapshot));
  RETURN NULL;
END
$$;

-- Two triggers a table: inserts and deletes always, updates only when the version moved (an
-- update that moves no version changes nothing a reader can see).
CREATE CONSTRAINT TRIGGER customers_history_insert_delete AFTER INSERT OR DELETE ON identity.customers
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION identity.record_history('customer');
CREATE CONSTRAINT TRIGGER customers_history_update AFTER UPDATE ON identity.customers
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.version IS DISTINCT FROM NEW.version) EXECUTE FUNCTION identity.record_history('customer');
CREATE CONSTRAINT TRIGGER projects_history_insert_delete AFTER INSERT OR DELETE ON identity.projects
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION identity.record_history('project');
CREATE CONSTRAINT TRIGGER projects_history_update AFTER UPDATE ON identity.projects
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.version IS DISTINCT FROM NEW.version) EXECUTE FUNCTION identity.record_history('project');

-- What every record is now, as the base the first change diffs against.
INSERT INTO identity.history (entity, record_id, customer_id, version, action, changed_at,
                              changed_by, snapshot, changes)
SELECT kind.entity, kind.id, s.customer_id, s.version, 'baseline', s.last_modified_at,
       s.last_modified_by, s.snapshot, '{}'::jsonb
  FROM (SELECT 'customer' AS entity, id FROM identity.customers
        UNION ALL SELECT 'project', id FROM identity.projects) AS kind,
       LATERAL identity.record_state(kind.entity, kind.id) AS s;
