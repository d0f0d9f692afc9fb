-- The change feed: every history entry (schema/*_history.sql writes them at commit) with its place
-- in the feed that live clients follow. A trigger on the history copies each entry here in the
-- writer's own transaction, so an entry is in the feed exactly when its write committed, and it
-- survives a crash between the commit and its delivery. `position` stays null until the relay
-- (common/change_feed_relay.cpp) numbers it: one relay at a time (an advisory lock), and it sees
-- only committed rows, so positions are given in the order entries became visible, without gaps.
-- A row's sequence value (history_id) is taken at insert, not at commit: a reader of
-- `history_id > last` could pass over a row that commits later with a lower one. Positions never
-- can, as they are handed out after the commit.
--
-- The history table itself is left as it is; the copy keeps what an event needs, so the feed
-- outlives history pruning and any later change to the history's shape.

CREATE TABLE storage.change_feed (
  history_id  bigint PRIMARY KEY,
  position    bigint UNIQUE,
  entity      text NOT NULL,
  record_id   bigint NOT NULL,
  customer_id bigint NOT NULL,
  version     bigint NOT NULL,
  action      text NOT NULL,
  changed_at  timestamptz NOT NULL,
  changed_by  text,
  -- The projects the record belonged to after the change (for a project, itself).
  projects    bigint[] NOT NULL DEFAULT '{}',
  relayed_at  timestamptz
);
CREATE INDEX change_feed_pending_idx ON storage.change_feed (history_id) WHERE position IS NULL;

CREATE FUNCTION storage.enqueue_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  INSERT INTO storage.change_feed (history_id, entity, record_id, customer_id, version, action,
                                   changed_at, changed_by, projects)
  VALUES (NEW.id, NEW.entity, NEW.record_id, NEW.customer_id, NEW.version, NEW.action,
          NEW.changed_at, NEW.changed_by,
          CASE WHEN NEW.entity = 'project' THEN ARRAY[NEW.record_id]
               WHEN jsonb_typeof(NEW.snapshot -> 'projects') = 'array'
                 THEN coalesce((SELECT array_agg(p::bigint ORDER BY p::bigint)
                                  FROM jsonb_array_elements_text(NEW.snapshot -> 'projects') AS p),
                               '{}')
               ELSE '{}' END);
  -- Delivered at commit (never for a rollback), folded to one per transaction: wakes the relay.
  PERFORM pg_notify('storage_change_pending', '');
  RETURN NULL;
END
$$;

-- Records only: the audit feed's events (sign-ins, script generations: entity `user` and
-- `scripts`, version 0, no record behind them) are not changes anyone's view must follow.
CREATE TRIGGER history_change_feed AFTER INSERT ON storage.history
  FOR EACH ROW WHEN (NEW.action <> 'baseline' AND NEW.entity NOT IN ('user', 'scripts'))
  EXECUTE FUNCTION storage.enqueue_change();
