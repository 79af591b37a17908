-- pgbench: the statements of GET /api/users/{id} as the server build sends them (UserRepository.findResponse), on a
-- random seeded user. @USERS@ is replaced with the number of seeded users before the run.
\set id random(1, @USERS@)
BEGIN;
SELECT id, email, name, created_at FROM users WHERE id = :id;
COMMIT;
