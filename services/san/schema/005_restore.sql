-- Restore and import in the version history: a restored version is recorded as action 'restore'
-- with the version it restored (`from_version`), a record an import wrote as action 'import'.
-- The triggers learn both from transaction-local settings the writing transaction sets:
-- `sanplane.restore` ('<entity>/<id>', the one record restored) with `sanplane.restore_from`,
-- and `sanplane.write_action` ('import'). The audit feed's events are rows too, of kinds that are
-- not records: entity 'user' with action 'sign_in' or 'sign_in_failed', entity 'scripts' with
-- action 'generate' (version 0, no snapshot). Columns and actions are only added: readers of the
-- history rows keep working.

ALTER TABLE san.history ADD COLUMN from_version bigint;
ALTER TABLE san.history DROP CONSTRAINT history_action_check;
ALTER TABLE san.history ADD CONSTRAINT history_action_check
  CHECK (action IN ('baseline', 'create', 'update', 'delete', 'restore', 'import',
                    'sign_in', 'sign_in_failed', 'generate'));

-- The listed entries as before, with from_version appended.
CREATE OR REPLACE VIEW san.history_entries AS
SELECT id, entity, record_id, customer_id, version, action,
       (extract(epoch FROM changed_at) * 1000000)::bigint AS at_micros, changed_by,
       changes::text AS changes, changed_at, from_version
  FROM san.history WHERE action <> 'baseline';

-- As in the history migration, with the action and from_version of a restore or an import.
CREATE OR REPLACE FUNCTION san.record_history() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  entity_name text := TG_ARGV[0];
  changed_id bigint;
  previous san.history;
  has_previous boolean;
  current_state record;
  written_action text;
  restored_from bigint;
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
  IF current_setting('sanplane.restore', true) = entity_name || '/' || changed_id THEN
    written_action := 'restore';
    restored_from := current_setting('sanplane.restore_from')::bigint;
  ELSIF current_setting('sanplane.write_action', true) = 'import' THEN
    written_action := 'import';
  ELSIF has_previous AND previous.action <> 'delete' THEN
    written_action := 'update';
  ELSE
    written_action := 'create';
  END IF;
  INSERT INTO san.history (entity, record_id, customer_id, version, action, changed_at,
                              changed_by, snapshot, changes, from_version)
  VALUES (entity_name, changed_id, current_state.customer_id, current_state.version,
          written_action, current_state.last_modified_at, current_state.last_modified_by,
          current_state.snapshot, san.history_changes(previous.snapshot, current_state.snapshot),
          restored_from);
  RETURN NULL;
END
$$;

-- Writes `fields` ({column: value}, "id" among them) into the row of `target` with that id when
-- it is at `expected_version`, or inserts it when no row has that id; true when written. Only the
-- columns named are written (the others keep their value, or take their default when inserted).
-- The column names come from the catalog and the values travel as a parameter.
CREATE FUNCTION san.restore_row(target regclass, fields jsonb, expected_version bigint)
  RETURNS boolean
  LANGUAGE plpgsql
  AS $$
DECLARE
  updated_columns text;
  inserted_columns text;
  record_id bigint := (fields ->> 'id')::bigint;
  written bigint;
  present boolean;
BEGIN
  SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FILTER (WHERE a.attname <> 'id'),
         string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
    INTO updated_columns, inserted_columns
    FROM pg_attribute a
   WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped AND fields ? a.attname;
  EXECUTE format('UPDATE %s SET (%s) = (SELECT %s FROM jsonb_populate_record(NULL::%s, $1)) '
                 'WHERE id = $2 AND version = $3', target, updated_columns, updated_columns, target)
    USING fields, record_id, expected_version;
  GET DIAGNOSTICS written = ROW_COUNT;
  IF written > 0 THEN RETURN true; END IF;
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE id = $1)', target) INTO present
    USING record_id;
  -- There, at another version: the caller lost the race.
  IF present THEN RETURN false; END IF;
  EXECUTE format('INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s '
                 'FROM jsonb_populate_record(NULL::%s, $1)',
                 target, inserted_columns, inserted_columns, target)
    USING fields;
  RETURN true;
END
$$;

-- Writes `snapshot` (a history row's, record_state's shape) back as record `record_id` of kind
-- `entity` at `new_version` by `username`, with its project, member and WWPN lists; false when the
-- record exists at another version than `expected_version`. A deleted record is inserted again
-- under its id. What now collides with it (a name or WWPN taken, its fabric or a member's alias
-- gone) fails with the constraint's error.
CREATE FUNCTION san.restore_record(entity text, record_id bigint, snapshot jsonb,
                                   expected_version bigint, new_version bigint, username text)
  RETURNS boolean
  LANGUAGE plpgsql
  AS $$
DECLARE
  stamp jsonb := jsonb_build_object('id', record_id, 'version', new_version,
                                    'last_modified_by', username, 'last_modified_at', now());
  written boolean;
BEGIN
  CASE entity
  WHEN 'fabric' THEN
    written := san.restore_row('san.fabrics',
                               (snapshot - 'customer')
                                 || jsonb_build_object('customer_id', snapshot -> 'customer') || stamp,
                               expected_version);
  WHEN 'alias' THEN
    IF NOT san.restore_row('san.aliases',
                           (snapshot - '{fabric,host,storage,projects,wwpns}'::text[])
                             || jsonb_build_object('fabric_id', snapshot -> 'fabric',
                                                   'host_id', snapshot -> 'host',
                                                   'storage_id', snapshot -> 'storage')
                             || stamp,
                           expected_version) THEN
      RETURN false;
    END IF;
    written := true;
    DELETE FROM san.alias_projects p WHERE p.alias_id = record_id;
    INSERT INTO san.alias_projects (alias_id, project_id)
    SELECT record_id, project::bigint FROM jsonb_array_elements_text(snapshot -> 'projects') project;
    DELETE FROM san.alias_wwpns w WHERE w.alias_id = record_id;
    INSERT INTO san.alias_wwpns (alias_id, fabric_id, position, wwpn)
    SELECT record_id, (snapshot ->> 'fabric')::bigint, listed.position - 1, listed.wwpn
      FROM jsonb_array_elements_text(snapshot -> 'wwpns') WITH ORDINALITY AS listed (wwpn, position);
  WHEN 'zone' THEN
    IF NOT san.restore_row('san.zones',
                           (snapshot - '{fabric,projects,members}'::text[])
                             || jsonb_build_object('fabric_id', snapshot -> 'fabric') || stamp,
                           expected_version) THEN
      RETURN false;
    END IF;
    written := true;
    DELETE FROM san.zone_projects p WHERE p.zone_id = record_id;
    INSERT INTO san.zone_projects (zone_id, project_id)
    SELECT record_id, project::bigint FROM jsonb_array_elements_text(snapshot -> 'projects') project;
    DELETE FROM san.zone_members m WHERE m.zone_id = record_id;
    -- Each member {"alias": id, "role": …} with any further column of zone_members alongside.
    INSERT INTO san.zone_members
    SELECT (jsonb_populate_record(NULL::san.zone_members,
                                  (member - 'alias')
                                    || jsonb_build_object('zone_id', record_id,
                                                          'alias_id', member -> 'alias'))).*
      FROM jsonb_array_elements(snapshot -> 'members') member;
  END CASE;
  -- What collides with the restored record fails here, as the constraint's error, and the
  -- history triggers run now, before the caller reads the record back.
  IF written THEN SET CONSTRAINTS ALL IMMEDIATE; END IF;
  RETURN written;
END
$$;
