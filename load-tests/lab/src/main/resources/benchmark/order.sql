-- pgbench: the statements of POST /api/orders with an Idempotency-Key, as PostgreSQL's statement log (log_statement=all)
-- shows the server build sending them (OrderService.place: IdempotencyKeys.claim, the order and its item as Hibernate
-- inserts them, IdempotencyKeys.attach), in one transaction, for a random seeded user. The request hash is a constant:
-- the server computes it in Java, not in the database. @USERS@ is replaced with the number of seeded users.
\set uid random(1, @USERS@)
\set k random(1, 1000000000000)
BEGIN;
INSERT INTO idempotency_keys (idempotency_key, request_hash) VALUES ('pgbench-' || :client_id::text || '-' || :k::text, 'a8a36a3e1e2cf6d1d1e3a8bf6e2a0e5c3f1b9d7c5a3e1f0d2c4b6a8e0f2d4c6b') ON CONFLICT (idempotency_key) DO UPDATE SET request_hash = EXCLUDED.request_hash, order_id = NULL, created_at = now() WHERE idempotency_keys.created_at < now() - 86400 * interval '1 second';
INSERT INTO orders (status, user_id, version) VALUES ('PLACED', :uid, 0) RETURNING created_at, id AS order_id \gset
INSERT INTO order_items (order_id, line_no, sku, qty) VALUES (:order_id, 0, 'book', 2);
UPDATE idempotency_keys SET order_id = :order_id WHERE idempotency_key = 'pgbench-' || :client_id::text || '-' || :k::text;
COMMIT;
