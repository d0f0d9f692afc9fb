-- identity.sessions: the durable record of every live session, keyed by the token's digest.

-- name: CreateSession
-- A user's expired sessions go when they sign in again, so the table holds live ones only.
WITH expired AS (
  DELETE FROM identity.sessions WHERE user_id = $2 AND expires_at <= now()
)
INSERT INTO identity.sessions (digest, user_id, expires_at)
VALUES ($1, $2, now() + make_interval(secs => $3));

-- name: FindSessionUser
SELECT user_id FROM identity.sessions WHERE digest = $1 AND expires_at > now();

-- name: DeleteSession
DELETE FROM identity.sessions WHERE digest = $1;

-- name: EndOtherSessions
-- Every session of user $1 except the one whose digest is $2 (empty: all of them).
DELETE FROM identity.sessions WHERE user_id = $1 AND digest <> $2;
