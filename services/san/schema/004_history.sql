-- Version history of fabrics, aliases and zones: one row per version a transaction commits (and
-- one per delete), written by triggers so that no write path can forget it and it commits or rolls
-- back with the write.
--
-- Each row keeps the record's full state after the change (`snapshot`, with its project and member
-- lists) and `changes`, {field: [old, new]} against the previous row's snapshot; lists diff whole.
-- The triggers are DEFERRABLE INITIALLY DEFERRED constraint triggers on the record tables: they
-- fire at commit, after the same transaction has changed the member and project tables, so the
-- snapshot is what committed, and a record inserted and changed in one transaction is one row.
--
-- Storage and identity carry the same machinery in their own schemas (no service reads another's
-- tables, and an applied migration never changes, so each keeps its own copy).

CREATE TABLE san.history (
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
CREATE INDEX history_record_idx ON san.history (entity, record_id, id DESC);
CREATE INDEX history_customer_idx ON san.history (customer_id, id DESC);
CREATE INDEX history_changed_at_idx ON san.history (changed_at DESC, id DESC);

-- {field: [old, new]} for every top-level field whose value differs; a missing side is null, and a
-- field null on both sides did not change.
CREATE FUNCTION san.history_changes(old_state jsonb, new_state jsonb) RETURNS jsonb
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(jsonb_object_agg(key, jsonb_build_array(old_state -> key, new_state -> key)),
                        '{}'::jsonb)
          FROM (SELECT jsonb_object_keys(coalesce(old_state, '{}'::jsonb))
                UNION SELECT jsonb_object_keys(coalesce(new_state, '{}'::jsonb))) AS keys (key)
         WHERE coalesce(old_state -> key, 'null'::jsonb)
               IS DISTINCT FROM coalesce(new_state -> key, 'null'::jsonb) $$;

-- The entries the API lists (baselines are not changes), with the time in epoch microseconds.
CREATE VIEW san.history_entries AS
SELECT id, entity, record_id, customer_id, version, action,
       (extract(epoch FROM changed_at) * 1000000)::bigint AS at_micros, changed_by,
       changes::text AS changes, changed_at
  FROM san.history WHERE action <> 'baseline';

-- The entries of a feed: `visible` the caller's customers (null for a superuser), the rest the
-- filters asked for (null for any); `since` inclusive, `until` exclusive, in epoch microseconds.
CREATE FUNCTION san.history_feed(visible bigint[], customer bigint, username text,
                                 entity_name text, since_micros bigint, until_micros bigint)
  RETURNS SETOF san.history_entries
  LANGUAGE sql STABLE
  AS $$ SELECT * FROM san.history_entries e
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
CREATE FUNCTION san.record_state(entity text, record_id bigint)
  RETURNS TABLE (customer_id bigint, version bigint, last_modified_by text,
                 last_modified_at timestamptz, snapshot jsonb)
  LANGUAGE sql STABLE
  AS $$
SELECT f.customer_id, f.version, f.last_modified_by, f.last_modified_at,
       (to_jsonb(f) - '{id,customer_id,version,last_modified_by,last_modified_at}'::text[])
         || jsonb_build_object('customer', f.customer_id)
  FROM san.fabrics f WHERE entity = 'fabric' AND f.id = record_id
UNION ALL
SELECT f.customer_id, a.version, a.last_modified_by, a.last_modified_at,
       (to_jsonb(a) - '{id,fabric_id,host_id,storage_id,version,last_modified_by,last_modified_at}'::text[])
         || jsonb_build_object(
              'fabric', a.fabric_id, 'host', a.host_id, 'storage', a.storage_id,
              'projects', coalesce((SELECT jsonb_agg(p.project_id ORDER BY p.project_id)
                                      FROM san.alias_projects p WHERE p.alias_id = a.id), '[]'),
              -- In their order: the first is the alias's own.
              'wwpns', coalesce((SELECT jsonb_agg(w.wwpn ORDER BY w.position)
                                   FROM san.alias_wwpns w WHERE w.alias_id = a.id), '[]'))
  FROM san.aliases a JOIN san.fabrics f ON f.id = a.fabric_id
 WHERE entity = 'alias' AND a.id = record_id
UNION ALL
SELECT f.customer_id, z.version, z.last_modified_by, z.last_modified_at,
       (to_jsonb(z) - '{id,fabric_id,version,last_modified_by,last_modified_at}'::text[])
         || jsonb_build_object(
              'fabric', z.fabric_id,
              'projects', coalesce((SELECT jsonb_agg(p.project_id ORDER BY p.project_id)
                                      FROM san.zone_projects p WHERE p.zone_id = z.id), '[]'),
              -- Each member as the API answers it, {"alias": id}, with its role and any further
              -- column of zone_members alongside when set.
              'members', coalesce((SELECT jsonb_agg(jsonb_strip_nulls(
                                                      (to_jsonb(m) - '{zone_id,alias_id}'::text[])
                                                      || jsonb_build_object('alias', m.alias_id))
                                                    ORDER BY m.alias_id)
                                     FROM san.zone_members m WHERE m.zone_id = z.id), '[]'))
  FROM san.zones z JOIN san.fabrics f ON f.id = z.fabric_id
 WHERE entity = 'zone' AND z.id = record_id
$$;

-- The trigger of every record table, TG_ARGV[0] naming the entity. Fires at commit, once per row
-- event: the first event of a record writes its row and the others find it written (same
-- version). A version that did not move writes nothing. A delete records who deleted from the
-- transaction's `sanplane.user` setting (the store sets it), else the last writer.
CREATE FUNCTION san.record_history() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  entity_name text := TG_ARGV[0];
  changed_id bigint;
  previous san.history;
  has_previous boolean;
  current_state record;
BEGIN
  IF TG_OP = 'DELETE' THEN changed_id := OLD.id; ELSE changed_id := NEW.id; END IF;
  SELECT * INTO previous FROM san.history h
   WHERE h.entity = entity_name AND h.record_id = changed_id ORDER BY h.id DESC LIMIT 1;
  has_previous := FOUND;

  IF TG_OP = 'DELETE' THEN
    -- Nothing recorded: created and deleted in this transaction, nobody ever saw it.
    IF NOT has_previous OR previous.action = 'delete' THEN RETURN NULL; END IF;
    INSERT INTO san.history (entity, record_id, customer_id, version, action, changed_at,
                             changed_by, snapshot, changes)
    VALUES (entity_name, changed_id, previous.customer_id, OLD.version, 'delete', now(),
            coalesce(nullif(current_setting('sanplane.user', true), ''), OLD.last_modified_by),
            NULL, san.history_changes(previous.snapshot, NULL));
    RETURN NULL;
  END IF;

  SELECT * INTO current_state FROM san.record_state(entity_name, changed_id);
  -- Deleted later in this transaction: its delete event records it.
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF has_previous AND previous.version = current_state.version THEN RETURN NULL; END IF;
  INSERT INTO san.history (entity, record_id, customer_id, version, action, changed_at,
                           changed_by, snapshot, changes)
  VALUES (entity_name, changed_id, current_state.customer_id, current_state.version,
          CASE WHEN has_previous THEN 'update' ELSE 'create' END,
          current_state.last_modified_at, current_state.last_modified_by, current_state.snapshot,
          san.history_changes(previous.snapshot, current_state.snapshot));
  RETURN NULL;
END
$$;

-- Two triggers a table: inserts and deletes always, updates only when the version moved (an
-- update that moves no version changes nothing a reader can see).
CREATE CONSTRAINT TRIGGER fabrics_history_insert_delete AFTER INSERT OR DELETE ON san.fabrics
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION san.record_history('fabric');
CREATE CONSTRAINT TRIGGER fabrics_history_update AFTER UPDATE ON san.fabrics
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.version IS DISTINCT FROM NEW.version) EXECUTE FUNCTION san.record_history('fabric');
CREATE CONSTRAINT TRIGGER aliases_history_insert_delete AFTER INSERT OR DELETE ON san.aliases
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION san.record_history('alias');
CREATE CONSTRAINT TRIGGER aliases_history_update AFTER UPDATE ON san.aliases
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.version IS DISTINCT FROM NEW.version) EXECUTE FUNCTION san.record_history('alias');
CREATE CONSTRAINT TRIGGER zones_history_insert_delete AFTER INSERT OR DELETE ON san.zones
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION san.record_history('zone');
CREATE CONSTRAINT TRIGGER zones_history_update AFTER UPDATE ON san.zones
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.version IS DISTINCT FROM NEW.version) EXECUTE FUNCTION san.record_history('zone');

-- What every record is now, as the base the first change diffs against.
INSERT INTO san.history (entity, record_id, customer_id, version, action, changed_at, changed_by,
                         snapshot, changes)
SELECT kind.entity, kind.id, s.customer_id, s.version, 'baseline', s.last_modified_at,
       s.last_modified_by, s.snapshot, '{}'::jsonb
  FROM (SELECT 'fabric' AS entity, id FROM san.fabrics
        UNION ALL SELECT 'alias', id FROM san.aliases
        UNION ALL SELECT 'zone', id FROM san.zones) AS kind,
       LATERAL san.record_state(kind.entity, kind.id) AS s;
