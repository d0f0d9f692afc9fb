-- @schema@.change_feed, written by the trigger of schema/*_change_feed.sql: what the relay numbers and
-- the ChangeFeed service streams.

-- name: LockChangeRelay
-- One relay at a time across replicas, until the transaction ends.
SELECT pg_advisory_xact_lock(hashtext('@schema@.change_feed'))

-- name: RelayChanges
-- Numbers every committed entry not yet numbered, after the highest position, in history order
-- (which for one record is its commit order: its writers wait on each other's row locks). Under
-- the lock, so positions never repeat or skip. When it numbered any: one row, how many and the
-- newest position, and every replica is told that position (delivered at commit, once the
-- positions are visible to every reader); else no row and no notification.
-- The entries are also matched as an array of keys, so they are found by key: joined only to the
-- pending rows, the feed (every entry of the retention window, thousands after a busy minute) was
-- read whole for a hash join whenever PostgreSQL had not yet analyzed it since it grew.
WITH head AS (SELECT coalesce(max(position), 0) AS position FROM @schema@.change_feed),
     pending AS (SELECT history_id, row_number() OVER (ORDER BY history_id) AS n
                   FROM @schema@.change_feed WHERE position IS NULL),
     numbered AS (UPDATE @schema@.change_feed f
                     SET position = head.position + pending.n, relayed_at = clock_timestamp()
                    FROM head, pending
                   WHERE f.history_id = pending.history_id
                     AND f.history_id = ANY (ARRAY(SELECT history_id FROM pending))
                  RETURNING f.position)
SELECT relayed, newest, pg_notify('@schema@_change_relayed', newest::text)
  FROM (SELECT count(*) AS relayed, max(position) AS newest FROM numbered) AS n
 WHERE relayed > 0

-- name: ChangeFeedBounds
-- The newest position (0 when nothing was ever relayed) and the oldest still kept.
SELECT coalesce(max(position), 0), coalesce(min(position), 1)
  FROM @schema@.change_feed WHERE position IS NOT NULL

-- name: ListChanges
-- After position $1, up to $2 inclusive, at most $3, in feed order.
SELECT position, entity, record_id, customer_id, version, action,
       (extract(epoch FROM changed_at) * 1000000)::bigint, changed_by, projects::text
  FROM @schema@.change_feed
 WHERE position > $1 AND position <= $2
 ORDER BY position LIMIT $3

-- name: PruneChanges
-- Entries relayed more than $1 seconds ago, from the oldest up (the newest always stays, so the
-- head is known and the kept positions stay contiguous).
DELETE FROM @schema@.change_feed
 WHERE position < coalesce((SELECT min(position) FROM @schema@.change_feed
                             WHERE relayed_at >= now() - $1::int * interval '1 second'),
                           (SELECT max(position) FROM @schema@.change_feed))
