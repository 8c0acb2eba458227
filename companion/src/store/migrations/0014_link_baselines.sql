-- What the two sides of a linked pair last agreed on (flow F2): the mapped field values, in
-- Zoho's terms, after the last merge. The next merge compares each side against them to tell
-- which side changed a field, so a value the companion wrote itself is recognised as agreed
-- and never sent back. Goes when its link goes.
CREATE TABLE link_baselines (
    connection_id text NOT NULL,
    kind text NOT NULL,
    salesforce_id text NOT NULL,
    agreed jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, kind, salesforce_id),
    FOREIGN KEY (connection_id, kind, salesforce_id)
        REFERENCES links (connection_id, kind, salesforce_id) ON DELETE CASCADE
);
