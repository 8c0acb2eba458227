-- Zoho API calls per organization, shared by every companion process so the per-minute limit
-- and the daily quota are kept together (see zoho/rate-limiter.ts). Times are milliseconds of
-- the companion's clock, which the benchmark runs faster than real time.
CREATE TABLE zoho_api_calls (
    organization_id text NOT NULL,
    at_ms bigint NOT NULL,
    priority text NOT NULL CHECK (priority IN ('job', 'interactive'))
);
CREATE INDEX zoho_api_calls_by_org ON zoho_api_calls (organization_id, at_ms);

-- An organization Zoho has blocked (a 429): nobody calls it again before `until_ms`.
CREATE TABLE zoho_rate_blocks (
    organization_id text PRIMARY KEY,
    until_ms bigint NOT NULL,
    reason text NOT NULL
);
