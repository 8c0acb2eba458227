-- The ledger of applied migrations. Every later file is applied once, in order, and its
-- checksum recorded so an edited migration is noticed instead of silently skipped.
CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);
