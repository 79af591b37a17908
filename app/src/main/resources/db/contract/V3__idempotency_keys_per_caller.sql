-- Contract step of caller-owned data: apply with the release after the one that brought V2__callers.sql, once no
-- instance of the version before it runs (that version's upsert names the primary key on idempotency_key alone as its
-- arbiter and fails without it). Moving this file into db/migration is that release's change.
-- The tests apply it already (quarkus.flyway.locations in the test profile): the behaviour they check, two callers
-- using one key getting two orders, is the one this step completes.

-- The unique index built in V2 becomes the primary key without another scan of the table.
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY USING INDEX idempotency_keys_caller_key;
