-- Customer sync (F2): per linked customer, the mapped values both sides last agreed on (the
-- baseline the two-way merge compares against, and its hash for echo suppression); concurrent
-- edits waiting for a person (the conflict inbox); and tombstones of customers gone on one side,
-- which no event or sweep may bring back.

CREATE TABLE customer_baselines (
    connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    account_id text NOT NULL,
    zoho_organization_id text NOT NULL,
    contact_id text NOT NULL,
    agreed jsonb NOT NULL,
    data_hash text NOT NULL,
    updated_at_ms bigint NOT NULL,
    PRIMARY KEY (connection_id, account_id)
);

CREATE TABLE customer_conflicts (
    id bigserial PRIMARY KEY,
    connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    account_id text NOT NULL,
    zoho_organization_id text NOT NULL,
    contact_id text NOT NULL,
    zoho_field text NOT NULL,
    salesforce_field text NOT NULL,
    salesforce_value jsonb,
    zoho_value jsonb,
    baseline_value jsonb,
    detected_at_ms bigint NOT NULL,
    resolved_at_ms bigint,
    resolution jsonb
);
-- One open conflict per field of a customer: a later sight of the same edits adds nothing.
CREATE UNIQUE INDEX customer_conflicts_open
    ON customer_conflicts (connection_id, account_id, zoho_field)
    WHERE resolved_at_ms IS NULL;

CREATE TABLE customer_tombstones (
    connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    side text NOT NULL CHECK (side IN ('salesforce', 'zoho')),
    record_id text NOT NULL,
    account_id text,
    contact_id text,
    reason text NOT NULL,
    created_at_ms bigint NOT NULL,
    PRIMARY KEY (connection_id, side, record_id)
);
