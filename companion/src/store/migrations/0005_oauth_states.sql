-- OAuth `state` values: each is bound to one connection, used at most once, and short-lived, so a
-- callback can neither be forged nor replayed.
CREATE TABLE oauth_states (
    state_hash text PRIMARY KEY,
    connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    created_at_ms bigint NOT NULL,
    used_at_ms bigint
);
