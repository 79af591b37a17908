-- Flyway runs this after every migrate (also when nothing was pending): it ensures ${seed_users} load-test users
-- exist, seed-000001@example.com ... The default is 0, a no-op. Idempotent, and one set-based insert, so 10,000
-- users take well under a second. Each seed user is the user of the token subject seed-000001 ... (auth modes
-- gateway and jwt); seed users written before V2__callers.sql get their subject here.
INSERT INTO users (email, name, subject)
SELECT 'seed-' || lpad(n::text, 6, '0') || '@example.com', 'Seed User ' || n, 'seed-' || lpad(n::text, 6, '0')
FROM generate_series(1, ${seed_users}) AS n
ON CONFLICT DO NOTHING;

UPDATE users SET subject = split_part(email, '@', 1)
WHERE subject IS NULL AND email ~ '^seed-[0-9]{6}@example\.com$';
