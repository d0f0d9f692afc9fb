-- identity.projects. Row layout of a project: id, customer_id, name, notes, version,
-- last_modified_by, last_modified_at (epoch micros). A project is visible to whoever sees its
-- customer: parameters $2 (the caller is a superuser) and $3 (the caller's user id) decide, so an
-- invisible project answers exactly like a missing one.

-- name: ListCustomerProjects
SELECT p.id, p.name
FROM identity.projects p
WHERE p.customer_id = $1
ORDER BY p.name, p.id;

-- name: FindVisibleProject
SELECT p.id, p.customer_id, p.name, p.notes, p.version, p.last_modified_by,
       identity.epoch_micros(p.last_modified_at)
FROM identity.projects p
WHERE p.id = $1
  AND ($2::boolean OR EXISTS (SELECT 1 FROM identity.memberships m
                              WHERE m.customer_id = p.customer_id AND m.user_id = $3));

-- name: LockCustomerProject
-- A project of customer $2, locked (FOR KEY SHARE) so it cannot be deleted before the
-- transaction that refers to it commits.
SELECT p.name FROM identity.projects p WHERE p.id = $1 AND p.customer_id = $2 FOR KEY SHARE;

-- name: ResolveProjects
-- The customer of each existing project among $1; the caller decides visibility by customer.
SELECT p.id, p.customer_id FROM identity.projects p WHERE p.id = ANY ($1::bigint[]) ORDER BY p.id;

-- name: CreateProject
INSERT INTO identity.projects AS p (customer_id, name, notes, last_modified_by)
VALUES ($1, $2, $3, $4)
RETURNING p.id, p.customer_id, p.name, p.notes, p.version, p.last_modified_by,
          identity.epoch_micros(p.last_modified_at);

-- name: UpdateProject
-- The compare-and-set, as UpdateCustomer: $4 the caller's version, null $5 name / $6 notes keep
-- their value, $7 the caller's username; moved only by a real change.
UPDATE identity.projects AS p
SET name = COALESCE($5::text, p.name),
    notes = COALESCE($6::text, p.notes),
    version = p.version + 1,
    last_modified_by = $7,
    last_modified_at = now()
WHERE p.id = $1 AND p.version = $4
  AND ($2::boolean OR EXISTS (SELECT 1 FROM identity.memberships m
                              WHERE m.customer_id = p.customer_id AND m.user_id = $3))
  AND (p.name IS DISTINCT FROM COALESCE($5::text, p.name)
       OR p.notes IS DISTINCT FROM COALESCE($6::text, p.notes))
RETURNING p.id, p.customer_id, p.name, p.notes, p.version, p.last_modified_by,
          identity.epoch_micros(p.last_modified_at);

-- name: DeleteProject
-- Only at the caller's version $4.
DELETE FROM identity.projects AS p
WHERE p.id = $1 AND p.version = $4
  AND ($2::boolean OR EXISTS (SELECT 1 FROM identity.memberships m
                              WHERE m.customer_id = p.customer_id AND m.user_id = $3))
RETURNING p.name;
