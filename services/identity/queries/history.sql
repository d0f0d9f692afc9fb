-- identity's own entries of the audit feed (the shared history statements: services/common/queries).

-- name: RecordSignIn
-- A sign-in of username $1 ($2 'sign_in' or 'sign_in_failed') from client address $3, as an event
-- of the audit feed: one entry for each customer the user is a member of, so each customer's
-- members see it, or one under customer 0 (superusers only) for a user of none or no such user.
INSERT INTO identity.history (entity, record_id, customer_id, version, action, changed_at,
                              changed_by, snapshot, changes)
SELECT 'user', coalesce(u.id, 0), coalesce(m.customer_id, 0), 0, $2, now(), $1, NULL,
       jsonb_build_object('client_address', jsonb_build_array(NULL, $3::text))
  FROM (SELECT $1::text AS username) AS asked
  LEFT JOIN identity.users u ON lower(u.username) = lower(asked.username)
  LEFT JOIN identity.memberships m ON m.user_id = u.id
