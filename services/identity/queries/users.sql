-- identity.users. Row layout of a user: id, username, first_name, last_name, email, is_superuser;
-- credentials add password_hash, is_active. Usernames match regardless of case (the unique index
-- is on lower(username)).

-- name: FindCredentialsByUsername
SELECT u.id, u.username, u.first_name, u.last_name, u.email, u.is_superuser,
       u.password_hash, u.is_active
FROM identity.users u
WHERE lower(u.username) = lower($1);

-- name: FindCredentialsById
SELECT u.id, u.username, u.first_name, u.last_name, u.email, u.is_superuser,
       u.password_hash, u.is_active
FROM identity.users u
WHERE u.id = $1;

-- name: FindActiveUser
SELECT u.id, u.username, u.is_superuser, u.first_name, u.last_name, u.email
FROM identity.users u
WHERE u.id = $1 AND u.is_active;

-- name: FindUserById
SELECT u.id, u.username, u.first_name, u.last_name, u.email, u.is_superuser
FROM identity.users u
WHERE u.id = $1;

-- name: LockUserByUsername
-- A member-to-be, locked so the user cannot be deleted before the membership is written.
SELECT u.id, u.username, u.first_name, u.last_name
FROM identity.users u
WHERE lower(u.username) = lower($1)
FOR KEY SHARE;

-- name: CountUsers
-- $1: ILIKE pattern over username, names and email, or null for all.
SELECT count(*)
FROM identity.users u
WHERE ($1::text IS NULL OR u.username ILIKE $1 OR u.first_name ILIKE $1
       OR u.last_name ILIKE $1 OR u.email ILIKE $1);

-- name: ListUsers
-- $1 as CountUsers; $2 limit, $3 offset; $4 one of the keys of kUserOrderings ("date_joined" is
-- the upstream name of created_at).
SELECT u.id, u.username, u.first_name, u.last_name, u.email, u.is_superuser
FROM identity.users u
WHERE ($1::text IS NULL OR u.username ILIKE $1 OR u.first_name ILIKE $1
       OR u.last_name ILIKE $1 OR u.email ILIKE $1)
ORDER BY
  CASE WHEN $4::text = 'username' THEN u.username END ASC,
  CASE WHEN $4::text = '-username' THEN u.username END DESC,
  CASE WHEN $4::text = 'id' THEN u.id END ASC,
  CASE WHEN $4::text = '-id' THEN u.id END DESC,
  CASE WHEN $4::text = 'first_name' THEN u.first_name END ASC,
  CASE WHEN $4::text = '-first_name' THEN u.first_name END DESC,
  CASE WHEN $4::text = 'last_name' THEN u.last_name END ASC,
  CASE WHEN $4::text = '-last_name' THEN u.last_name END DESC,
  CASE WHEN $4::text = 'email' THEN u.email END ASC,
  CASE WHEN $4::text = '-email' THEN u.email END DESC,
  CASE WHEN $4::text = 'date_joined' THEN u.created_at END ASC,
  CASE WHEN $4::text = '-date_joined' THEN u.created_at END DESC,
  u.id ASC
LIMIT $2 OFFSET $3;

-- name: CreateUser
-- ON CONFLICT DO NOTHING: a taken username (in any case) is an answer (no row), not an exception.
INSERT INTO identity.users AS u (username, password_hash, first_name, last_name, email,
                                 is_superuser)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT DO NOTHING
RETURNING u.id, u.username, u.first_name, u.last_name, u.email, u.is_superuser;

-- name: UpdateUser
-- Null $2..$4 keep their value.
UPDATE identity.users AS u
SET first_name = COALESCE($2::text, u.first_name),
    last_name = COALESCE($3::text, u.last_name),
    email = COALESCE($4::text, u.email)
WHERE u.id = $1
RETURNING u.id, u.username, u.first_name, u.last_name, u.email, u.is_superuser;

-- name: SetPasswordHash
UPDATE identity.users SET password_hash = $2 WHERE id = $1;

-- name: CreateUserIfNone
-- Inserts only while the table is empty. Two replicas may both see it empty; the unique username
-- index then lets exactly one insert through and turns the other into a no-op.
INSERT INTO identity.users (username, password_hash, first_name, last_name, email, is_superuser)
SELECT $1, $2, $3, $4, $5, $6
WHERE NOT EXISTS (SELECT 1 FROM identity.users)
ON CONFLICT DO NOTHING
RETURNING id;

-- name: AnyUserExists
SELECT EXISTS (SELECT 1 FROM identity.users);
