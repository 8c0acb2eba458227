-- Connecting Salesforce through OAuth (web-server flow with PKCE). A state now names the flow it
-- was issued for, so one flow's callback never accepts another's, and may carry sealed context
-- kept server-side until the callback (the PKCE verifier, the login host, the OAuth client).
ALTER TABLE oauth_states ADD COLUMN flow text NOT NULL DEFAULT 'zoho'
    CHECK (flow IN ('zoho', 'salesforce'));
ALTER TABLE oauth_states ADD COLUMN sealed_context text;

-- Who the companion acts as in the connection's Salesforce org, read from the identity URL.
ALTER TABLE connections ADD COLUMN salesforce_user_id text;
ALTER TABLE connections ADD COLUMN salesforce_username text;
ALTER TABLE connections ADD COLUMN salesforce_display_name text;
ALTER TABLE connections ADD COLUMN salesforce_connected_at timestamptz;
