-- Sending write-backs is a job of the queue (salesforce.writeback.flush, one partition per
-- connection): the job's lease and retries replace the rows' own lease.
ALTER TABLE writebacks DROP COLUMN locked_by, DROP COLUMN locked_until_ms;

-- At most one flush job per connection waits or runs: changes arriving meanwhile join it.
CREATE UNIQUE INDEX jobs_one_writeback_flush ON jobs (connection_id)
    WHERE kind = 'salesforce.writeback.flush' AND state IN ('queued', 'retrying', 'running');
