-- The totals reconciliation's stage (`store/reconciliation-stage.ts`): the facts of each side
-- are written here page by page as they are read, and the comparison is read back in invoice
-- id order in bounded chunks, so a run holds one page and its report in memory, not the ledger.
-- Every row belongs to a run; the run's rows go when it ends (also when it fails), and a run
-- older than a day (a crashed process) is swept when the next one starts. `seq` is the order a
-- side was read in (a repeated id keeps every row, the last one read is the one looked up).
-- Ids compare byte-wise (COLLATE "C"): the same order on PGlite and PostgreSQL whatever the
-- database's locale, and the order the report's rows are in. The tables are UNLOGGED: nothing
-- here needs to outlive a crash (the database empties them when it recovers), and skipping the
-- write-ahead log makes staging cheaper (in-memory PGlite keeps that log in the process too).
CREATE UNLOGGED TABLE reconciliation_runs (
    run_id uuid PRIMARY KEY,
    started_at timestamptz NOT NULL
);
CREATE INDEX reconciliation_runs_started ON reconciliation_runs (started_at);

-- Zoho's invoices: its dated list, then the invoices only Salesforce names, read by id.
CREATE UNLOGGED TABLE reconciliation_stage_zoho (
    run_id uuid NOT NULL REFERENCES reconciliation_runs (run_id) ON DELETE CASCADE,
    seq integer NOT NULL,
    invoice_id text COLLATE "C" NOT NULL,
    invoice_number text NOT NULL,
    salesforce_key text COLLATE "C",
    customer_id text COLLATE "C" NOT NULL,
    status text NOT NULL,
    currency text NOT NULL,
    total numeric NOT NULL,
    tax numeric NOT NULL,
    balance numeric NOT NULL,
    PRIMARY KEY (run_id, seq)
);
CREATE INDEX reconciliation_stage_zoho_by_invoice
    ON reconciliation_stage_zoho (run_id, invoice_id, seq);
CREATE INDEX reconciliation_stage_zoho_by_customer
    ON reconciliation_stage_zoho (run_id, customer_id);

-- The Salesforce Account of each Zoho customer of the run (a customer with none has no row).
CREATE UNLOGGED TABLE reconciliation_stage_accounts (
    run_id uuid NOT NULL REFERENCES reconciliation_runs (run_id) ON DELETE CASCADE,
    customer_id text COLLATE "C" NOT NULL,
    account_id text NOT NULL,
    PRIMARY KEY (run_id, customer_id)
);

-- The `Zoho_Invoice__c` mirrors.
CREATE UNLOGGED TABLE reconciliation_stage_mirrors (
    run_id uuid NOT NULL REFERENCES reconciliation_runs (run_id) ON DELETE CASCADE,
    seq integer NOT NULL,
    zoho_invoice_id text COLLATE "C" NOT NULL,
    invoice_number text,
    account_id text,
    opportunity_id text,
    currency text,
    total numeric,
    tax numeric,
    balance numeric,
    PRIMARY KEY (run_id, seq)
);
CREATE INDEX reconciliation_stage_mirrors_by_invoice
    ON reconciliation_stage_mirrors (run_id, zoho_invoice_id, seq);

-- The won deals that link an invoice.
CREATE UNLOGGED TABLE reconciliation_stage_deals (
    run_id uuid NOT NULL REFERENCES reconciliation_runs (run_id) ON DELETE CASCADE,
    seq integer NOT NULL,
    opportunity_id text COLLATE "C" NOT NULL,
    name text NOT NULL,
    account_id text,
    zoho_invoice_id text COLLATE "C",
    PRIMARY KEY (run_id, seq)
);
CREATE INDEX reconciliation_stage_deals_by_opportunity
    ON reconciliation_stage_deals (run_id, opportunity_id, seq);
CREATE INDEX reconciliation_stage_deals_by_invoice
    ON reconciliation_stage_deals (run_id, zoho_invoice_id, seq);
