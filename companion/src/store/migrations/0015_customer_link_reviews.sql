-- Customer first link (issue #15): an Account the matcher could not link with confidence waits
-- here for a person, with its candidate Zoho contacts (best first: id, name, score, reasons).
-- One row per Account: a person's decision (linked, dismissed, create_new) is kept, so a later
-- first-link run does not ask again; an open row is refreshed with the run's candidates.
CREATE TABLE customer_link_reviews (
    id bigserial PRIMARY KEY,
    connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    zoho_organization_id text NOT NULL,
    salesforce_account_id text NOT NULL,
    account_name text NOT NULL,
    candidates jsonb NOT NULL,
    state text NOT NULL DEFAULT 'open'
        CHECK (state IN ('open', 'linked', 'dismissed', 'create_new')),
    -- The contact a person linked the Account to.
    zoho_contact_id text,
    resolved_by text,
    created_at_ms bigint NOT NULL,
    updated_at_ms bigint NOT NULL,
    resolved_at_ms bigint,
    CHECK ((state = 'linked') = (zoho_contact_id IS NOT NULL)),
    UNIQUE (connection_id, salesforce_account_id)
);
CREATE INDEX customer_link_reviews_by_state ON customer_link_reviews (connection_id, state, id);
