-- Running a real company's connection: the Zoho organization's name (for choosing the one
-- invoices go to), which connections may still hold invoices and customers under the old upsert
-- key (the bare Salesforce id, before the key named the Salesforce org), and indexes for the
-- retention cleanup of finished jobs, processed inbox rows and old journal rows.
ALTER TABLE zoho_organizations ADD COLUMN name text;

-- True for every connection made before this migration: their Zoho records may carry the old
-- key, so lookups try both. Connections made afterwards only ever write the new key.
ALTER TABLE connections ADD COLUMN legacy_zoho_keys boolean NOT NULL DEFAULT false;
UPDATE connections SET legacy_zoho_keys = true;

CREATE INDEX jobs_finished ON jobs (finished_at) WHERE state = 'done';
CREATE INDEX inbox_processed ON inbox (processed_at) WHERE processed_at IS NOT NULL;
CREATE INDEX journal_by_time ON journal (at);
