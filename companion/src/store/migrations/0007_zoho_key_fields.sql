-- Whether the organization has the unique custom field that holds the Salesforce id, on invoices
-- and on contacts, as its field settings last said (null: not read yet). The setup page shows
-- what to create when one is missing.
ALTER TABLE zoho_organizations
    ADD COLUMN invoice_key_field boolean,
    ADD COLUMN contact_key_field boolean,
    ADD COLUMN key_fields_checked_at timestamptz;
