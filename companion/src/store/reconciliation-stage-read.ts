import type {
    MirrorFacts,
    WonDealFacts,
    ZohoInvoiceFacts
} from '../sync/reconciliation/compare.ts';
import type { Queryable } from './db.ts';

/**
 * The reconciliation stage read back (`reconciliation-stage.ts`): each side joined to the
 * other in SQL, in invoice id order (byte-wise, then the order read), `chunk` rows a query
 * after the last key seen, so a reading holds one chunk whatever the size of the ledger. Each
 * reading first lets `settle` bring the planner's statistics up to what was staged: without them
 * it takes a stage of 100,000 rows for a few, and sorts all that remain for every chunk.
 */

/** Rows a query reads back at most. */
export const READ_CHUNK = 1_000;

export type StageReads = {
    /** How many Zoho invoices and mirrors the run staged. */
    counts(): Promise<{ zohoInvoices: number; mirrors: number }>;
    /** Invoice ids a mirror or a deal names that no staged Zoho invoice has: the first `limit`. */
    namedOutsideZoho(limit: number): Promise<{ count: number; ids: string[] }>;
    /** The Zoho customers of the staged invoices, a chunk of distinct ids at a time. */
    customers(): AsyncGenerator<string[]>;
    /** Every mirror (the last read of each id), with the Zoho invoice of its id when there is one. */
    mirrored(): AsyncGenerator<{ mirror: MirrorFacts; zoho: ZohoInvoiceFacts | undefined }>;
    /** Zoho invoices carrying our key that no mirror names, with the Account of the key's deal. */
    unmirrored(): AsyncGenerator<{ zoho: ZohoInvoiceFacts; dealAccountId: string | null }>;
    /** Won deals (the last read of each) whose invoice link names neither a Zoho invoice nor a mirror. */
    brokenLinks(): AsyncGenerator<WonDealFacts>;
};

type Numeric = string | number;
type Keyed = { key_id: string; seq: number };
type ZohoColumns = {
    z_invoice_id: string;
    z_number: string;
    z_key: string | null;
    z_account_id: string | null;
    z_status: string;
    z_currency: string;
    z_total: Numeric;
    z_tax: Numeric;
    z_balance: Numeric;
};
type MirrorRow = Keyed & {
    invoice_number: string | null;
    account_id: string | null;
    opportunity_id: string | null;
    currency: string | null;
    total: Numeric | null;
    tax: Numeric | null;
    balance: Numeric | null;
} & { [K in keyof ZohoColumns]: ZohoColumns[K] | null };
type UnmirroredRow = Keyed & ZohoColumns & { deal_account_id: string | null };
type DealRow = Keyed & { opportunity_id: string; name: string; account_id: string | null };

/**
 * A later-read row of the same id as row `alias` of `table`: where a paged read returned a
 * record twice (the list moved between pages), only the last one read counts.
 */
const LATER_READ = (table: string, alias: string, id: string) =>
    `SELECT 1 FROM ${table} later WHERE later.run_id = ${alias}.run_id
        AND later.${id} = ${alias}.${id} AND later.seq > ${alias}.seq`;

/** `numeric` comes back as its decimal text: the very number that was staged. */
const num = (value: Numeric) => Number(value);
const numOrNull = (value: Numeric | null) => (value === null ? null : Number(value));

/** The latest-read Zoho invoice of an id and its customer's Account, as `z_` columns. */
const ZOHO_COLUMNS = `z.invoice_id AS z_invoice_id, z.invoice_number AS z_number,
    z.salesforce_key AS z_key, a.account_id AS z_account_id, z.status AS z_status,
    z.currency AS z_currency, z.total AS z_total, z.tax AS z_tax, z.balance AS z_balance`;

function zohoFacts(row: ZohoColumns): ZohoInvoiceFacts {
    return {
        invoiceId: row.z_invoice_id,
        number: row.z_number,
        key: row.z_key,
        accountId: row.z_account_id,
        status: row.z_status,
        currency: row.z_currency,
        total: num(row.z_total),
        tax: num(row.z_tax),
        balance: num(row.z_balance)
    };
}

/** Every row of a keyset-paginated query: `$2`, `$3` the last key seen, `$4` the chunk. */
async function* keyset<R extends Keyed>(
    q: Queryable,
    runId: string,
    chunk: number,
    sql: string
): AsyncGenerator<R> {
    let after: [string, number] = ['', 0];
    for (;;) {
        const rows = await q.query<R>(sql, [runId, ...after, chunk]);
        yield* rows;
        const last = rows.at(-1);
        if (!last || rows.length < chunk) return;
        after = [last.key_id, last.seq];
    }
}

export function stageReads(
    q: Queryable,
    runId: string,
    settle: () => Promise<void>,
    chunk = READ_CHUNK
): StageReads {
    return {
        async counts() {
            const [row] = await q.query<{ zoho: number; mirrors: number }>(
                `SELECT (SELECT count(DISTINCT invoice_id)::int FROM reconciliation_stage_zoho
                          WHERE run_id = $1) AS zoho,
                        (SELECT count(DISTINCT zoho_invoice_id)::int FROM reconciliation_stage_mirrors
                          WHERE run_id = $1) AS mirrors`,
                [runId]
            );
            return { zohoInvoices: row?.zoho ?? 0, mirrors: row?.mirrors ?? 0 };
        },

        async namedOutsideZoho(limit) {
            await settle();
            const rows = await q.query<{ id: string; total: number }>(
                `WITH named AS (
                     SELECT zoho_invoice_id AS id FROM reconciliation_stage_mirrors WHERE run_id = $1
                     UNION
                     SELECT zoho_invoice_id FROM reconciliation_stage_deals
                      WHERE run_id = $1 AND zoho_invoice_id IS NOT NULL)
                 SELECT n.id, (count(*) OVER ())::int AS total FROM named n
                  WHERE n.id <> '' AND NOT EXISTS (
                        SELECT 1 FROM reconciliation_stage_zoho z
                         WHERE z.run_id = $1 AND z.invoice_id = n.id)
                  ORDER BY n.id LIMIT $2`,
                [runId, limit]
            );
            return { count: rows[0]?.total ?? 0, ids: rows.map((r) => r.id) };
        },

        async *customers() {
            await settle();
            let after: string | null = null;
            for (;;) {
                const rows: { customer_id: string }[] = await q.query(
                    `SELECT DISTINCT customer_id FROM reconciliation_stage_zoho
                      WHERE run_id = $1 AND ($2::text IS NULL OR customer_id > $2)
                      ORDER BY customer_id LIMIT $3`,
                    [runId, after, chunk]
                );
                if (rows.length > 0) yield rows.map((r) => r.customer_id);
                const last = rows.at(-1);
                if (!last || rows.length < chunk) return;
                after = last.customer_id;
            }
        },

        async *mirrored() {
            await settle();
            const rows = keyset<MirrorRow>(
                q,
                runId,
                chunk,
                `SELECT m.zoho_invoice_id AS key_id, m.seq, m.invoice_number, m.account_id,
                        m.opportunity_id, m.currency, m.total, m.tax, m.balance, ${ZOHO_COLUMNS}
                   FROM reconciliation_stage_mirrors m
                   LEFT JOIN LATERAL (
                        SELECT * FROM reconciliation_stage_zoho z
                         WHERE z.run_id = m.run_id AND z.invoice_id = m.zoho_invoice_id
                         ORDER BY z.seq DESC LIMIT 1) z ON true
                   LEFT JOIN reconciliation_stage_accounts a
                     ON a.run_id = m.run_id AND a.customer_id = z.customer_id
                  WHERE m.run_id = $1 AND (m.zoho_invoice_id, m.seq) > ($2, $3)
                    AND NOT EXISTS (${LATER_READ('reconciliation_stage_mirrors', 'm', 'zoho_invoice_id')})
                  ORDER BY m.zoho_invoice_id, m.seq LIMIT $4`
            );
            for await (const row of rows)
                yield {
                    mirror: {
                        zohoInvoiceId: row.key_id,
                        number: row.invoice_number,
                        accountId: row.account_id,
                        opportunityId: row.opportunity_id,
                        currency: row.currency,
                        total: numOrNull(row.total),
                        tax: numOrNull(row.tax),
                        balance: numOrNull(row.balance)
                    },
                    zoho: row.z_invoice_id === null ? undefined : zohoFacts(row as ZohoColumns)
                };
        },

        async *unmirrored() {
            await settle();
            const rows = keyset<UnmirroredRow>(
                q,
                runId,
                chunk,
                `SELECT z.invoice_id AS key_id, z.seq, ${ZOHO_COLUMNS},
                        (SELECT d.account_id FROM reconciliation_stage_deals d
                          WHERE d.run_id = z.run_id AND d.opportunity_id = z.salesforce_key
                          ORDER BY d.seq DESC LIMIT 1) AS deal_account_id
                   FROM reconciliation_stage_zoho z
                   LEFT JOIN reconciliation_stage_accounts a
                     ON a.run_id = z.run_id AND a.customer_id = z.customer_id
                  WHERE z.run_id = $1 AND z.salesforce_key IS NOT NULL
                    AND NOT EXISTS (${LATER_READ('reconciliation_stage_zoho', 'z', 'invoice_id')})
                    AND NOT EXISTS (
                        SELECT 1 FROM reconciliation_stage_mirrors m
                         WHERE m.run_id = z.run_id AND m.zoho_invoice_id = z.invoice_id)
                    AND (z.invoice_id, z.seq) > ($2, $3)
                  ORDER BY z.invoice_id, z.seq LIMIT $4`
            );
            for await (const row of rows)
                yield { zoho: zohoFacts(row), dealAccountId: row.deal_account_id };
        },

        async *brokenLinks() {
            await settle();
            const rows = keyset<DealRow>(
                q,
                runId,
                chunk,
                `SELECT d.zoho_invoice_id AS key_id, d.seq, d.opportunity_id, d.name, d.account_id
                   FROM reconciliation_stage_deals d
                  WHERE d.run_id = $1 AND d.zoho_invoice_id <> ''
                    AND NOT EXISTS (${LATER_READ('reconciliation_stage_deals', 'd', 'opportunity_id')})
                    AND NOT EXISTS (
                        SELECT 1 FROM reconciliation_stage_zoho z
                         WHERE z.run_id = d.run_id AND z.invoice_id = d.zoho_invoice_id)
                    AND NOT EXISTS (
                        SELECT 1 FROM reconciliation_stage_mirrors m
                         WHERE m.run_id = d.run_id AND m.zoho_invoice_id = d.zoho_invoice_id)
                    AND (d.zoho_invoice_id, d.seq) > ($2, $3)
                  ORDER BY d.zoho_invoice_id, d.seq LIMIT $4`
            );
            for await (const row of rows)
                yield {
                    opportunityId: row.opportunity_id,
                    name: row.name,
                    accountId: row.account_id,
                    zohoInvoiceId: row.key_id
                };
        }
    };
}
