-- Keys for the admin API, metrics and (later) MCP tools. Only a SHA-256 of the secret part is
-- kept; the full key is shown once, when it is created.
CREATE TABLE api_keys (
    id text PRIMARY KEY,
    name text NOT NULL,
    scopes text[] NOT NULL,
    secret_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at timestamptz
);
