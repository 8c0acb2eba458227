-- What the invoice flow (F1) adds: how the companion signs in to a connection's Salesforce org,
-- and the write-backs waiting to be sent to it in batches.

-- The OAuth client the companion uses for this org (its secret and refresh token are sealed in
-- `secrets`); null until the org is joined.
ALTER TABLE connections ADD COLUMN salesforce_login_url text;
ALTER TABLE connections ADD COLUMN salesforce_client_id text;

-- Changes owed to Salesforce, kept until sent: one row per (connection, record it is about);
-- a newer change for the same record replaces the pending one. Several rows go out in one
-- composite call of sObject Collections, so many invoices cost one Salesforce API call.
-- Times are epoch milliseconds from the companion's clock.
CREATE TABLE writebacks (
    id bigserial PRIMARY KEY,
    connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    subject text NOT NULL,
    payload jsonb NOT NULL,
    -- Bumped when a newer change replaces the payload, so a send in flight cannot mark it sent.
    version integer NOT NULL DEFAULT 1,
    correlation_id text,
    created_at_ms bigint NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    run_after_ms bigint NOT NULL DEFAULT 0,
    locked_by text,
    locked_until_ms bigint,
    last_error text,
    sent_at_ms bigint,
    failed_at_ms bigint
);
CREATE UNIQUE INDEX writebacks_one_pending ON writebacks (connection_id, subject)
    WHERE sent_at_ms IS NULL AND failed_at_ms IS NULL;
CREATE INDEX writebacks_pending ON writebacks (connection_id, created_at_ms)
    WHERE sent_at_ms IS NULL AND failed_at_ms IS NULL;
