-- pgbench: the statement of GET /api/users/{id} as the server build sends it (UserRepository.findResponse), checked in
-- PostgreSQL's statement log (log_statement=all): one SELECT in autocommit, no BEGIN or COMMIT around it. On a random
-- seeded user; @USERS@ is replaced with the number of seeded users before the run.
\set id random(1, @USERS@)
SELECT id, email, name, created_at FROM users WHERE id = :id;
