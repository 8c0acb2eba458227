-- What the payments flow (F3) adds: what was last written to Salesforce for each mirrored
-- subject (so a replayed webhook or a repeated sweep writes nothing), and where each periodic
-- sweep of Zoho got to.

-- One row per subject written back (an invoice's payment state, an account's balances): a hash
-- of the fields written, and the keys of the child records written with it (the payment
-- allocations), so one that disappears in Zoho can be zeroed in Salesforce; whether an invoice
-- was written as overdue (an invoice turns overdue without being modified in Zoho).
CREATE TABLE mirror_state (
    connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    subject text NOT NULL,
    data_hash text NOT NULL,
    child_keys jsonb NOT NULL DEFAULT '[]',
    overdue boolean NOT NULL DEFAULT false,
    updated_at_ms bigint NOT NULL,
    PRIMARY KEY (connection_id, subject)
);

-- Per connection, Zoho organization and sweep: the latest Zoho `last_modified_time` seen (epoch
-- ms); the next sweep asks for what changed after it, minus an overlap window.
CREATE TABLE sweep_cursors (
    connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    zoho_organization_id text NOT NULL,
    sweep text NOT NULL,
    cursor_ms bigint NOT NULL,
    swept_at_ms bigint NOT NULL,
    PRIMARY KEY (connection_id, zoho_organization_id, sweep)
);
