-- Contact persons (F2), the rest of their life cycle. A concurrent edit of a two-way person field
-- goes to the conflict inbox like a customer field: the conflict names the Contact and the Zoho
-- person, and a customer may hold one open conflict per field of each person. A person link
-- remembers the Zoho customer the person was created under, so a Contact moved to another
-- Account is told from a person deleted in Zoho. Deleted Contacts and deleted Zoho persons leave
-- tombstones that no event or sweep may bring back.

ALTER TABLE customer_conflicts ADD COLUMN salesforce_contact_id text;
ALTER TABLE customer_conflicts ADD COLUMN contact_person_id text;

DROP INDEX customer_conflicts_open;
CREATE UNIQUE INDEX customer_conflicts_open
    ON customer_conflicts (connection_id, account_id, (coalesce(salesforce_contact_id, '')), zoho_field)
    WHERE resolved_at_ms IS NULL;

-- The Zoho customer a linked contact person belongs to (null for other kinds of link).
ALTER TABLE links ADD COLUMN zoho_parent_id text;

CREATE TABLE contact_person_tombstones (
    connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    -- Which side deleted its record: the Contact ('salesforce') or the Zoho person ('zoho').
    side text NOT NULL CHECK (side IN ('salesforce', 'zoho')),
    salesforce_contact_id text NOT NULL,
    zoho_person_id text NOT NULL,
    -- The Zoho customer the person belonged to (null when the ledger did not know it).
    zoho_contact_id text,
    reason text NOT NULL,
    created_at_ms bigint NOT NULL,
    PRIMARY KEY (connection_id, salesforce_contact_id)
);
CREATE INDEX contact_person_tombstones_person
    ON contact_person_tombstones (connection_id, zoho_person_id);
