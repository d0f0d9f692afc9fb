-- Sessions are durable: Redis only caches them, so a Redis outage or restart signs nobody out.
-- Only the SHA-256 digest of a token is stored: a copy of the table hands out no valid cookie.
CREATE TABLE identity.sessions (
  digest text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_id_idx ON identity.sessions (user_id);
