-- Claims rotate between partitions (one per Zoho organization or connection): the partition
-- served longest ago goes first, so one organization's month-end backlog cannot starve another.
ALTER TABLE job_partitions ADD COLUMN last_claimed_at timestamptz;
