-- The organization's Zoho Books plan as GET /organizations names it (plan_name), read at connect:
-- the rate limiter keeps each organization to its own plan's daily quota (zoho/plans.ts).
ALTER TABLE zoho_organizations ADD COLUMN plan_name text;
