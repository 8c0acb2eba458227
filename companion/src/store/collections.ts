import type { Queryable } from './db.ts';

/** The invoice facts a collections case keeps for its tasks and notices. */
export type CaseInvoice = {
    number: string;
    total: number;
    balance: number;
    currency: string;
    url: string;
};

export type CollectionCase = {
    id: string;
    connectionId: string;
    zohoInvoiceId: string;
    accountId: string;
    opportunityId: string | null;
    dueDate: string;
    invoice: CaseInvoice;
    taskIds: string[];
    lastFollowUpDay: number;
};

type Row = {
    id: string;
    connection_id: string;
    zoho_invoice_id: string;
    account_id: string;
    opportunity_id: string | null;
    due_date: string | Date;
    invoice: CaseInvoice;
    task_ids: string[];
    last_follow_up_day: number;
};

const COLUMNS = `id::text AS id, connection_id, zoho_invoice_id, account_id, opportunity_id,
    to_char(due_date, 'YYYY-MM-DD') AS due_date, invoice, task_ids, last_follow_up_day`;

function fromRow(r: Row): CollectionCase {
    return {
        id: r.id,
        connectionId: r.connection_id,
        zohoInvoiceId: r.zoho_invoice_id,
        accountId: r.account_id,
        opportunityId: r.opportunity_id,
        dueDate: String(r.due_date),
        invoice: r.invoice,
        taskIds: r.task_ids,
        lastFollowUpDay: r.last_follow_up_day
    };
}

/** Opens a case, or returns the one already open for the invoice (`created` false). */
export async function openCase(
    q: Queryable,
    input: Omit<CollectionCase, 'id' | 'taskIds' | 'lastFollowUpDay'> & { nowMs: number }
): Promise<{ case: CollectionCase; created: boolean }> {
    const [row] = await q.query<Row>(
        `INSERT INTO collection_cases
             (connection_id, zoho_invoice_id, account_id, opportunity_id, due_date, invoice, opened_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (connection_id, zoho_invoice_id) WHERE closed_at_ms IS NULL DO NOTHING
         RETURNING ${COLUMNS}`,
        [
            input.connectionId,
            input.zohoInvoiceId,
            input.accountId,
            input.opportunityId,
            input.dueDate,
            JSON.stringify(input.invoice),
            input.nowMs
        ]
    );
    if (row) return { case: fromRow(row), created: true };
    const open = await openCaseFor(q, input.connectionId, input.zohoInvoiceId);
    if (!open) throw new Error(`case of invoice ${input.zohoInvoiceId} vanished while opening`);
    return { case: open, created: false };
}

export async function openCaseFor(
    q: Queryable,
    connectionId: string,
    zohoInvoiceId: string
): Promise<CollectionCase | undefined> {
    const [row] = await q.query<Row>(
        `SELECT ${COLUMNS} FROM collection_cases
         WHERE connection_id = $1 AND zoho_invoice_id = $2 AND closed_at_ms IS NULL`,
        [connectionId, zohoInvoiceId]
    );
    return row && fromRow(row);
}

export async function getCase(q: Queryable, id: string): Promise<CollectionCase | undefined> {
    const [row] = await q.query<Row>(`SELECT ${COLUMNS} FROM collection_cases WHERE id = $1`, [id]);
    return row && fromRow(row);
}

export async function listOpenCases(q: Queryable): Promise<CollectionCase[]> {
    const rows = await q.query<Row>(
        `SELECT ${COLUMNS} FROM collection_cases WHERE closed_at_ms IS NULL ORDER BY id`
    );
    return rows.map(fromRow);
}

/** Records a task made for the case and, for a follow-up, its offset. */
export async function addCaseTask(
    q: Queryable,
    caseId: string,
    taskId: string,
    followUpDay = 0
): Promise<void> {
    await q.query(
        `UPDATE collection_cases SET task_ids = array_append(task_ids, $2),
             last_follow_up_day = GREATEST(last_follow_up_day, $3)
         WHERE id = $1`,
        [caseId, taskId, followUpDay]
    );
}

export async function closeCase(q: Queryable, caseId: string, nowMs: number): Promise<void> {
    await q.query('UPDATE collection_cases SET closed_at_ms = $2 WHERE id = $1', [caseId, nowMs]);
}
