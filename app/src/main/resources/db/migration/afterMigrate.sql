-- Flyway runs this after every migrate (also when nothing was pending): it ensures ${seed_users} load-test users
-- exist, seed-000001@example.com ... The default is 0, a no-op. Idempotent, and one set-based insert, so 10,000
-- users take well under a second.
INSERT INTO users (email, name)
SELECT 'seed-' || lpad(n::text, 6, '0') || '@example.com', 'Seed User ' || n
FROM generate_series(1, ${seed_users}) AS n
ON CONFLICT DO NOTHING;
