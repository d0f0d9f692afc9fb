-- identity.customers. Row layout of a customer: id, name, notes, version, last_modified_by,
-- last_modified_at (epoch micros). Visibility is decided here: parameters $2 (the caller is a
-- superuser) and $3 (the caller's user id) let a superuser see every customer and anyone else
-- the customers they are a member of, so an invisible customer answers exactly like a missing one.

-- name: FindVisibleCustomer
SELECT c.id, c.name, c.notes, c.version, c.last_modified_by,
       identity.epoch_micros(c.last_modified_at)
FROM identity.customers c
WHERE c.id = $1
  AND ($2::boolean OR EXISTS (SELECT 1 FROM identity.memberships m
                              WHERE m.customer_id = c.id AND m.user_id = $3));

-- name: LockVisibleCustomer
-- As FindVisibleCustomer, locked (FOR KEY SHARE) so the customer cannot be deleted before the
-- transaction that refers to it commits.
SELECT c.id, c.name
FROM identity.customers c
WHERE c.id = $1
  AND ($2::boolean OR EXISTS (SELECT 1 FROM identity.memberships m
                              WHERE m.customer_id = c.id AND m.user_id = $3))
FOR KEY SHARE;

-- name: LockCustomer
-- For superuser-only changes to a customer's members: exists, locked as above.
SELECT 1 FROM identity.customers WHERE id = $1 FOR KEY SHARE;

-- name: CountCustomers
-- $1: ILIKE pattern over name and notes, or null for all.
SELECT count(*)
FROM identity.customers c
WHERE ($2::boolean OR EXISTS (SELECT 1 FROM identity.memberships m
                              WHERE m.customer_id = c.id AND m.user_id = $3))
  AND ($1::text IS NULL OR c.name ILIKE $1 OR c.notes ILIKE $1);

-- name: ListCustomers
-- $1..$3 as CountCustomers; $4 limit, $5 offset; $6 one of the keys of kCustomerOrderings.
SELECT c.id, c.name, c.notes, c.version, c.last_modified_by,
       identity.epoch_micros(c.last_modified_at)
FROM identity.customers c
WHERE ($2::boolean OR EXISTS (SELECT 1 FROM identity.memberships m
                              WHERE m.customer_id = c.id AND m.user_id = $3))
  AND ($1::text IS NULL OR c.name ILIKE $1 OR c.notes ILIKE $1)
ORDER BY
  CASE WHEN $6::text = 'name' THEN c.name END ASC,
  CASE WHEN $6::text = '-name' THEN c.name END DESC,
  CASE WHEN $6::text = 'id' THEN c.id END ASC,
  CASE WHEN $6::text = '-id' THEN c.id END DESC,
  CASE WHEN $6::text = 'last_modified_at' THEN c.last_modified_at END ASC,
  CASE WHEN $6::text = '-last_modified_at' THEN c.last_modified_at END DESC,
  c.id ASC
LIMIT $4 OFFSET $5;

-- name: CreateCustomer
INSERT INTO identity.customers AS c (name, notes, last_modified_by)
VALUES ($1, $2, $3)
RETURNING c.id, c.name, c.notes, c.version, c.last_modified_by,
          identity.epoch_micros(c.last_modified_at);

-- name: UpdateCustomer
-- The compare-and-set ($4 the caller's version; null $5 name / $6 notes keep their value; $7 the
-- caller's username). It matches only at the caller's version, only when visible to the caller,
-- only when the name stays unless the caller is a superuser (so a member never reaches the unique
-- index), and only when a value actually changes (a no-op save must not move the version).
UPDATE identity.customers AS c
SET name = COALESCE($5::text, c.name),
    notes = COALESCE($6::text, c.notes),
    version = c.version + 1,
    last_modified_by = $7,
    last_modified_at = now()
WHERE c.id = $1 AND c.version = $4
  AND ($2::boolean OR EXISTS (SELECT 1 FROM identity.memberships m
                              WHERE m.customer_id = c.id AND m.user_id = $3))
  AND ($2::boolean OR $5::text IS NULL OR c.name = $5::text)
  AND (c.name IS DISTINCT FROM COALESCE($5::text, c.name)
       OR c.notes IS DISTINCT FROM COALESCE($6::text, c.notes))
RETURNING c.id, c.name, c.notes, c.version, c.last_modified_by,
          identity.epoch_micros(c.last_modified_at);

-- name: DeleteCustomer
-- Only at the caller's version $4; cascades to the customer's projects and memberships.
DELETE FROM identity.customers AS c
WHERE c.id = $1 AND c.version = $4
  AND ($2::boolean OR EXISTS (SELECT 1 FROM identity.memberships m
                              WHERE m.customer_id = c.id AND m.user_id = $3))
RETURNING c.id;
