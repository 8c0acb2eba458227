-- The core tables every flow shares: who is joined to whom, their secrets, what arrived, what
-- must be done, which records correspond, and what was written where.

-- One Salesforce org joined to one or more Zoho organizations.
CREATE TABLE connections (
    id text PRIMARY KEY,
    name text NOT NULL,
    salesforce_org_id text NOT NULL UNIQUE CHECK (salesforce_org_id ~ '^[A-Za-z0-9]{18}$'),
    salesforce_instance_url text,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'disabled')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE zoho_organizations (
    connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    organization_id text NOT NULL CHECK (organization_id ~ '^[0-9]{1,20}$'),
    region text NOT NULL CHECK (region IN ('us', 'eu', 'in', 'au', 'jp', 'ca', 'cn', 'sa')),
    is_default boolean NOT NULL DEFAULT false,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, organization_id)
);
CREATE UNIQUE INDEX zoho_organizations_one_default ON zoho_organizations (connection_id) WHERE is_default;

-- Secrets sealed with AES-256-GCM; `sealed` never holds plaintext (see store/vault.ts).
CREATE TABLE secrets (
    connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    kind text NOT NULL,
    scope text NOT NULL DEFAULT '',
    key_id text NOT NULL,
    sealed text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, kind, scope)
);

-- Every inbound event, stored before it is acknowledged; a second delivery is ignored.
CREATE TABLE inbox (
    id bigserial PRIMARY KEY,
    connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    source text NOT NULL CHECK (source IN ('salesforce', 'zoho')),
    source_event_id text NOT NULL,
    type text NOT NULL,
    payload jsonb NOT NULL,
    correlation_id text,
    received_at timestamptz NOT NULL DEFAULT now(),
    processed_at timestamptz,
    UNIQUE (connection_id, source, source_event_id)
);
CREATE INDEX inbox_unprocessed ON inbox (received_at) WHERE processed_at IS NULL;

-- Work to do. `partition_key` serialises jobs: at most one job of a partition runs at a time
-- (a Zoho organization's writes go one after another, under its rate limit).
CREATE TABLE jobs (
    id bigserial PRIMARY KEY,
    connection_id text REFERENCES connections (id) ON DELETE CASCADE,
    kind text NOT NULL,
    partition_key text NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}'::jsonb,
    state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'retrying', 'done', 'dead')),
    attempts integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 8 CHECK (max_attempts > 0),
    run_after timestamptz NOT NULL DEFAULT now(),
    last_error text,
    locked_by text,
    locked_until timestamptz,
    dedupe_key text UNIQUE,
    correlation_id text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE INDEX jobs_runnable ON jobs (partition_key, run_after, id) WHERE state IN ('queued', 'retrying');
CREATE INDEX jobs_running ON jobs (locked_until) WHERE state = 'running';

-- One row per partition that has ever had a job: the lease that makes a partition's jobs run
-- one at a time across every companion process.
CREATE TABLE job_partitions (
    partition_key text PRIMARY KEY,
    locked_by text,
    locked_until timestamptz
);

-- Cross-system ids: each Salesforce record and each Zoho record is linked at most once per kind.
CREATE TABLE links (
    connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    kind text NOT NULL,
    salesforce_id text NOT NULL,
    zoho_organization_id text NOT NULL,
    zoho_id text NOT NULL,
    data_hash text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, kind, salesforce_id),
    UNIQUE (connection_id, kind, zoho_organization_id, zoho_id)
);

-- Every write to Zoho or Salesforce: what, a digest of the request, the outcome, who asked.
CREATE TABLE journal (
    id bigserial PRIMARY KEY,
    connection_id text REFERENCES connections (id) ON DELETE SET NULL,
    correlation_id text,
    actor text NOT NULL,
    target text NOT NULL CHECK (target IN ('zoho', 'salesforce')),
    operation text NOT NULL,
    subject text,
    request_digest text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('ok', 'error', 'unknown')),
    detail jsonb,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX journal_by_connection ON journal (connection_id, at DESC);
