-- identity.user_config: each user's active customer and project.

-- name: GetUserConfig
-- (customer id, name, project id, name), nulls when there is none.
SELECT c.id, c.name, p.id, p.name
FROM identity.user_config uc
LEFT JOIN identity.customers c ON c.id = uc.active_customer_id
LEFT JOIN identity.projects p ON p.id = uc.active_project_id
WHERE uc.user_id = $1;

-- name: SetUserConfig
INSERT INTO identity.user_config AS uc (user_id, active_customer_id, active_project_id)
VALUES ($1, $2, $3)
ON CONFLICT (user_id) DO UPDATE
SET active_customer_id = EXCLUDED.active_customer_id,
    active_project_id = EXCLUDED.active_project_id,
    updated_at = now();

-- name: ClearContextInCustomer
-- After user $1 lost customer $2: their context must not name a customer they cannot see.
UPDATE identity.user_config
SET active_customer_id = NULL, active_project_id = NULL, updated_at = now()
WHERE user_id = $1 AND active_customer_id = $2;

-- name: UserContexts
-- Names and context of many users in one statement (presence); unknown ids are left out.
SELECT u.id, u.username, u.first_name, u.last_name, c.id, c.name, p.id, p.name
FROM identity.users u
LEFT JOIN identity.user_config uc ON uc.user_id = u.id
LEFT JOIN identity.customers c ON c.id = uc.active_customer_id
LEFT JOIN identity.projects p ON p.id = uc.active_project_id
WHERE u.id = ANY ($1::bigint[])
ORDER BY u.id;

-- name: ListTableColumns
-- The caller's stored tables: (table, keys, widths) as comma-separated lists (keys hold no comma).
SELECT table_name, array_to_string(column_keys, ','), array_to_string(widths, ',')
FROM identity.user_table_columns
WHERE user_id = $1
ORDER BY table_name;

-- name: SetTableColumns
INSERT INTO identity.user_table_columns AS t (user_id, table_name, column_keys, widths)
VALUES ($1, $2, $3::text[], $4::integer[])
ON CONFLICT (user_id, table_name) DO UPDATE
SET column_keys = EXCLUDED.column_keys, widths = EXCLUDED.widths, updated_at = now();

-- name: ResetTableColumns
DELETE FROM identity.user_table_columns WHERE user_id = $1 AND table_name = $2;
