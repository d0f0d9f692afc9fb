-- identity.memberships: which users may see which customers.

-- name: MemberCustomerIds
-- The customers a user sees (a superuser sees all and is not asked).
SELECT customer_id FROM identity.memberships WHERE user_id = $1 ORDER BY customer_id;

-- name: ListMembers
SELECT u.id, u.username, u.first_name, u.last_name
FROM identity.memberships m
JOIN identity.users u ON u.id = m.user_id
WHERE m.customer_id = $1
ORDER BY u.username, u.id;

-- name: AddMembership
-- Idempotent: adding a member twice is not an error.
INSERT INTO identity.memberships (customer_id, user_id) VALUES ($1, $2)
ON CONFLICT DO NOTHING;

-- name: RemoveMembership
DELETE FROM identity.memberships WHERE customer_id = $1 AND user_id = $2
RETURNING user_id;
