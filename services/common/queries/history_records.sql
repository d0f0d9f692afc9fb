-- <schema>.history, written by the triggers of each service's NNN_history.sql migration: what the
-- History service reads. `@schema@` is the schema of the service that embeds this file.

-- name: HistoryCustomer
-- The customer of record $2 of kind $1 ('baseline' rows included), none when it never existed.
SELECT customer_id FROM @schema@.history WHERE entity = $1 AND record_id = $2
 ORDER BY id DESC LIMIT 1

-- name: CountRecordHistory
SELECT count(*) FROM @schema@.history_entries WHERE entity = $1 AND record_id = $2

-- name: ListRecordHistory
-- $3 limit, $4 offset; newest first.
SELECT entity, record_id, customer_id, version, action, at_micros, changed_by, changes,
       from_version
  FROM @schema@.history_entries WHERE entity = $1 AND record_id = $2
 ORDER BY id DESC LIMIT $3 OFFSET $4

-- name: CountHistoryFeed
-- $1..$6 the arguments of @schema@.history_feed.
SELECT count(*)
  FROM @schema@.history_feed($1::bigint[], $2::bigint, $3::text, $4::text, $5::bigint, $6::bigint)

-- name: ListHistoryFeed
-- As CountHistoryFeed; the first $7, newest first, in the order every service's feed shares (so
-- that feeds merge).
SELECT entity, record_id, customer_id, version, action, at_micros, changed_by, changes,
       from_version
  FROM @schema@.history_feed($1::bigint[], $2::bigint, $3::text, $4::text, $5::bigint, $6::bigint)
 ORDER BY changed_at DESC, entity, record_id DESC, version DESC, id DESC LIMIT $7

-- name: PruneHistory
-- Entries older than $1 days, except the newest of each record that still exists: the snapshot
-- its next change diffs against. A deleted record's entries all go once its delete is that old.
DELETE FROM @schema@.history h
 WHERE h.changed_at < now() - $1::int * interval '1 day'
   AND NOT EXISTS (SELECT 1
                     FROM (SELECT DISTINCT ON (entity, record_id) id, action
                             FROM @schema@.history ORDER BY entity, record_id, id DESC) AS newest
                    WHERE newest.id = h.id AND newest.action <> 'delete')

-- name: HistoryLatest
-- The newest entry of record $2 of kind $1 ('baseline' rows included): customer_id, version,
-- changed_by, at_micros (as CurrentRecordState's first four), action. None when it never existed.
SELECT customer_id, version, changed_by, (extract(epoch FROM changed_at) * 1000000)::bigint,
       action
  FROM @schema@.history WHERE entity = $1 AND record_id = $2
 ORDER BY id DESC LIMIT 1

-- name: HistorySnapshot
-- The fields of record $2 of kind $1 at version $3, as JSON text; none when that version is not
-- in its history (never was, pruned, or the version a delete removed).
SELECT snapshot::text FROM @schema@.history
 WHERE entity = $1 AND record_id = $2 AND version = $3 AND snapshot IS NOT NULL
 ORDER BY id DESC LIMIT 1

-- name: CurrentRecordState
-- Record $2 of kind $1 as it stands: customer_id, version, last_modified_by, last_modified_at in
-- epoch microseconds, its fields as JSON text. None when it does not exist.
SELECT customer_id, version, last_modified_by,
       (extract(epoch FROM last_modified_at) * 1000000)::bigint, snapshot::text
  FROM @schema@.record_state($1, $2)

-- name: RestoreRecord
-- Writes fields $3 back as record $2 of kind $1 at version $5 by $6 when it is at version $4 (or
-- deleted); false when it moved on.
SELECT @schema@.restore_record($1, $2, $3::jsonb, $4, $5, $6)

-- name: HistoryChangesSince
-- The entries of record $2 of kind $1 after version $3, oldest first: changes (JSON text),
-- changed_by, at_micros. Who changed which field since a save's base version.
SELECT changes, changed_by, at_micros FROM @schema@.history_entries
 WHERE entity = $1 AND record_id = $2 AND version > $3 AND action <> 'delete'
 ORDER BY id
