-- The users' directory as presence caches it (names, state and active customer and project of
-- each user), with a version and the log of which users changed at which version, so that a copy
-- current at version N is brought up to date by one indexed read of the changes after N
-- (queries/user_directory.sql), instead of looking up every user again.
--
-- Versions are handed out at commit, in commit order, with no gap a reader could pass over: every
-- writing transaction takes the next version by updating the one row of directory_version, from a
-- deferred trigger (so at commit, holding the row lock only for the commit itself), and that row
-- lock makes the next writer wait until this one has committed or rolled back. So once a reader
-- sees version V, every change up to V is visible to it in the same snapshot, and none after.
-- One version per transaction, however many rows it changed (a transaction-local setting keeps it).

CREATE TABLE identity.directory_version (
  singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  -- 0 stands for "no copy" in requests, so versions start at 1.
  version        bigint NOT NULL,
  -- Changes up to this version are no longer kept: a copy older than it must start again.
  pruned_through bigint NOT NULL
);
INSERT INTO identity.directory_version (version, pruned_through) VALUES (1, 1);

CREATE TABLE identity.directory_changes (
  version    bigint NOT NULL,
  user_id    bigint NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (version, user_id)
);

-- Records that the directory entries of `user_ids` changed in this transaction. Every hundredth
-- version also forgets the changes older than an hour.
CREATE FUNCTION identity.note_directory_change(user_ids bigint[]) RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  taken bigint := nullif(current_setting('sanplane.directory_version', true), '')::bigint;
BEGIN
  IF cardinality(user_ids) = 0 THEN
    RETURN;
  END IF;
  IF taken IS NULL THEN
    UPDATE identity.directory_version SET version = version + 1 RETURNING version INTO taken;
    PERFORM set_config('sanplane.directory_version', taken::text, true);
    IF taken % 100 = 0 THEN
      WITH forgotten AS (
        DELETE FROM identity.directory_changes
        WHERE changed_at < clock_timestamp() - interval '1 hour'
        RETURNING version
      )
      UPDATE identity.directory_version
      SET pruned_through = greatest(pruned_through, (SELECT max(version) FROM forgotten))
      WHERE EXISTS (SELECT 1 FROM forgotten);
    END IF;
  END IF;
  INSERT INTO identity.directory_changes (version, user_id)
  SELECT taken, id FROM unnest(user_ids) AS id
  ON CONFLICT DO NOTHING;
END
$$;

CREATE FUNCTION identity.user_directory_changed() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM identity.note_directory_change(ARRAY[OLD.id]);
  ELSE
    PERFORM identity.note_directory_change(ARRAY[NEW.id]);
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION identity.user_config_directory_changed() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM identity.note_directory_change(ARRAY[OLD.user_id]);
  ELSE
    PERFORM identity.note_directory_change(ARRAY[NEW.user_id]);
  END IF;
  RETURN NULL;
END
$$;

-- A renamed customer or project changes the entry of everyone whose context it is. (A deleted one
-- nulls their user_config through its foreign key, which the user_config trigger records.)
CREATE FUNCTION identity.customer_directory_changed() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM identity.note_directory_change(ARRAY(
    SELECT user_id FROM identity.user_config WHERE active_customer_id = NEW.id));
  RETURN NULL;
END
$$;

CREATE FUNCTION identity.project_directory_changed() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM identity.note_directory_change(ARRAY(
    SELECT user_id FROM identity.user_config WHERE active_project_id = NEW.id));
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER users_directory_insert_delete
  AFTER INSERT OR DELETE ON identity.users
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION identity.user_directory_changed();
-- Sign-ins, password and e-mail changes are no directory changes.
CREATE CONSTRAINT TRIGGER users_directory_update
  AFTER UPDATE ON identity.users
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW
  WHEN (OLD.username IS DISTINCT FROM NEW.username OR OLD.first_name IS DISTINCT FROM NEW.first_name
        OR OLD.last_name IS DISTINCT FROM NEW.last_name OR OLD.is_active IS DISTINCT FROM NEW.is_active
        OR OLD.id IS DISTINCT FROM NEW.id)
  EXECUTE FUNCTION identity.user_directory_changed();
CREATE CONSTRAINT TRIGGER user_config_directory
  AFTER INSERT OR UPDATE OR DELETE ON identity.user_config
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION identity.user_config_directory_changed();
CREATE CONSTRAINT TRIGGER customers_directory_rename
  AFTER UPDATE ON identity.customers
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION identity.customer_directory_changed();
CREATE CONSTRAINT TRIGGER projects_directory_rename
  AFTER UPDATE ON identity.projects
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION identity.project_directory_changed();
