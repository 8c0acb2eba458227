-- What the collections flow (F4) adds: one case per overdue invoice while it stays unpaid, with
-- the Salesforce tasks made for it (the first and each follow-up), so repeated events never make
-- a second task and paying the invoice closes them all.
CREATE TABLE collection_cases (
    id bigserial PRIMARY KEY,
    connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    zoho_invoice_id text NOT NULL,
    account_id text NOT NULL,
    opportunity_id text,
    due_date date NOT NULL,
    -- The invoice as it was when the case opened (number, amount, currency, link), for notices.
    invoice jsonb NOT NULL,
    task_ids text[] NOT NULL DEFAULT '{}',
    -- The largest follow-up offset (days after the due date) already sent; 0 before any.
    last_follow_up_day integer NOT NULL DEFAULT 0,
    opened_at_ms bigint NOT NULL,
    closed_at_ms bigint
);
CREATE UNIQUE INDEX collection_cases_one_open ON collection_cases (connection_id, zoho_invoice_id)
    WHERE closed_at_ms IS NULL;
