-- storage.history, written by the triggers of schema/003_history.sql: what the History service reads.

-- name: HistoryCustomer
-- The customer of record $2 of kind $1 ('baseline' rows included), none when it never existed.
SELECT customer_id FROM storage.history WHERE entity = $1 AND record_id = $2
 ORDER BY id DESC LIMIT 1

-- name: CountRecordHistory
SELECT count(*) FROM storage.history_entries WHERE entity = $1 AND record_id = $2

-- name: ListRecordHistory
-- $3 limit, $4 offset; newest first.
SELECT entity, record_id, customer_id, version, action, at_micros, changed_by, changes
  FROM storage.history_entries WHERE entity = $1 AND record_id = $2
 ORDER BY id DESC LIMIT $3 OFFSET $4

-- name: CountHistoryFeed
-- $1..$6 the arguments of storage.history_feed.
SELECT count(*)
  FROM storage.history_feed($1::bigint[], $2::bigint, $3::text, $4::text, $5::bigint, $6::bigint)

-- name: ListHistoryFeed
-- As CountHistoryFeed; the first $7, newest first, in the order every service's feed shares (so
-- that feeds merge).
SELECT entity, record_id, customer_id, version, action, at_micros, changed_by, changes
  FROM storage.history_feed($1::bigint[], $2::bigint, $3::text, $4::text, $5::bigint, $6::bigint)
 ORDER BY changed_at DESC, entity, record_id DESC, version DESC, id DESC LIMIT $7

-- name: PruneHistory
-- Entries older than $1 days, except the newest of each record that still exists: the snapshot
-- its next change diffs against. A deleted record's entries all go once its delete is that old.
DELETE FROM storage.history h
 WHERE h.changed_at < now() - $1::int * interval '1 day'
   AND NOT EXISTS (SELECT 1
                     FROM (SELECT DISTINCT ON (entity, record_id) id, action
                             FROM storage.history ORDER BY entity, record_id, id DESC) AS newest
                    WHERE newest.id = h.id AND newest.action <> 'delete')
