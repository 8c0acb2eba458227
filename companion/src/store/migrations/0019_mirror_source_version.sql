-- Which version of its Zoho record a mirrored subject was last brought up to date from (an
-- invoice's `last_modified_time` and a digest of the record as read, see
-- `sync/payments/version.ts`), set once the whole sync of that version has finished: a hint
-- for the very same version (Zoho's invoice webhook following the payment the companion has
-- already mirrored) stops after reading the invoice. NULL: unknown, so the hint syncs in full.
ALTER TABLE mirror_state ADD COLUMN source_version text;
