-- Expand step of caller-owned data (the contract step is db/contract/V3__idempotency_keys_per_caller.sql, applied with
-- the release after this one). Both the version before and the version after this migration run against it:
-- the previous version neither reads nor writes the new columns, and its upsert still finds its arbiter (the primary
-- key on idempotency_key alone).

-- A token's subject (its sub claim) names the user it acts for: at most one user per subject. NULL: no caller maps to
-- the user (users created without auth, or before this version).
ALTER TABLE users ADD COLUMN subject varchar(255);
CREATE UNIQUE INDEX users_subject_key ON users (subject);

-- Idempotency keys are scoped per caller: the subject that used the key, '' for requests without auth (every row the
-- previous version wrote). A constant default adds the column without rewriting the table (PostgreSQL 11+).
ALTER TABLE idempotency_keys ADD COLUMN caller varchar(255) NOT NULL DEFAULT '';
-- The new version's arbiter. Until the contract step drops the primary key on idempotency_key alone, a key still
-- belongs to the first caller that used it.
CREATE UNIQUE INDEX idempotency_keys_caller_key ON idempotency_keys (caller, idempotency_key);
