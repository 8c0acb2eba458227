import type { Clock } from '../../clock.ts';
import { periodicSchedule } from '../../jobs/periodic.ts';
import type { Logger } from '../../log.ts';
import type { Db } from '../../store/db.ts';
import { findByZohoId } from '../../store/links.ts';
import { getMirrorStates, getSweepCursor, putSweepCursor } from '../../store/mirror-state.ts';
import { chunk } from '../../salesforce/writes.ts';
import { collect } from '../../zoho/resources/common.ts';
import type { InvoiceRow } from '../../zoho/schemas/sales.ts';
import type { ConnectionClients } from '../clients.ts';
import type { FlowSettingsCache } from '../flow-settings.ts';
import { sweepEachOrganization, sweepJobHandler } from '../sweeps.ts';
import { isOverdue } from './map.ts';
import { invoiceSubject, type PaymentSync } from './sync.ts';
import { invoiceVersion } from './version.ts';

export const PAYMENT_SWEEP_JOB = 'salesforce.payment.sweep';
const SWEEP = 'invoices';

/**
 * An invoice no payment or credit has touched, neither overdue nor void: the invoice flow's own
 * write-back already shows everything about it that the sweep would.
 */
export function untouchedByMoney(row: InvoiceRow, today: string): boolean {
    return (
        ['draft', 'sent', 'viewed'].includes(row.status) &&
        (row.payment_made ?? 0) === 0 &&
        (row.credits_applied ?? 0) === 0 &&
        !isOverdue(row, today)
    );
}

/** `yyyy-MM-ddTHH:mm:ss+0000`, the form Zoho's `last_modified_time` filter takes (reference §3.4). */
export function zohoTime(ms: number): string {
    return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

/** Epoch ms of a Zoho timestamp (`…±hhmm` or `…±hh:mm`); NaN when it is not one. */
export function parseZohoTime(value: string | undefined): number {
    const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})([+-])(\d{2}):?(\d{2})$/.exec(value ?? '');
    if (!m) return Number.NaN;
    return Date.parse(`${m[1]}${m[2]}${m[3]}:${m[4]}`);
}

export type SweepOptions = {
    /** How far before the cursor each sweep looks again (clocks and commits are not exact). */
    overlapMs?: number;
    /** How far back the first sweep of a connection looks. */
    firstLookbackMs?: number;
    /** Invoices per sync call (their payments and customers are read together). */
    batch?: number;
};

/**
 * The reconciliation sweep (DESIGN §2): per Zoho organization of a connection, every invoice
 * modified since the last sweep (Zoho's `last_modified_time` filter, oldest first, with an
 * overlap) and every invoice that has fallen due since it was last written (that changes no
 * modification time in Zoho) goes through the same sync as a webhook. A dropped webhook is
 * repaired by the next sweep; an unchanged invoice writes nothing. Invoices the invoice flow made
 * that no money has touched yet are left out: after a month-end burst the sweep does not read a
 * thousand customers' balances for nothing.
 */
export function createPaymentSweep(deps: {
    db: Db;
    clock: Clock;
    log: Logger;
    clients: ConnectionClients;
    sync: PaymentSync;
    settings: FlowSettingsCache;
    options?: SweepOptions;
    /** Job kinds that hold the sweep back while they wait or run (an invoicing burst). */
    deferWhile?: readonly string[];
}) {
    const overlapMs = deps.options?.overlapMs ?? 10 * 60_000;
    const firstLookbackMs = deps.options?.firstLookbackMs ?? 7 * 24 * 3_600_000;
    const batch = deps.options?.batch ?? 50;

    async function sweepOrganization(
        connectionId: string,
        organizationId: string,
        meta: { actor: string; correlationId: string | null }
    ) {
        const key = { connectionId, zohoOrganizationId: organizationId, sweep: SWEEP };
        const zoho = await deps.clients.zoho(connectionId, organizationId);
        const now = deps.clock.now();
        const today = await deps.sync.today(connectionId, organizationId);
        const cursor = await getSweepCursor(deps.db, key);
        const sinceMs = cursor ? cursor.cursorMs - overlapMs : now - firstLookbackMs;
        const modified = await collect(
            zoho.invoices.listAll({
                last_modified_time: zohoTime(sinceMs),
                sort_column: 'last_modified_time',
                sort_order: 'A'
            })
        );
        const seen = new Set(modified.map((i) => i.invoice_id));
        const pastDue = (
            await collect(zoho.invoices.listAll({ status: 'unpaid', due_date_before: today }))
        ).filter((i) => !seen.has(i.invoice_id) && isOverdue(i, today));
        const states = await getMirrorStates(
            deps.db,
            connectionId,
            [...modified, ...pastDue].map((i) => invoiceSubject(i.invoice_id))
        );
        const turned = pastDue.filter((i) => !states.get(invoiceSubject(i.invoice_id))?.overdue);
        const rows: InvoiceRow[] = [];
        for (const row of modified) {
            // Exactly the version its webhooks' sync already finished with: nothing was missed.
            const version = invoiceVersion(row, today);
            if (version && states.get(invoiceSubject(row.invoice_id))?.version === version)
                continue;
            const untouched =
                untouchedByMoney(row, today) && !states.has(invoiceSubject(row.invoice_id));
            // The invoice flow made it and wrote its mirror; no money moved since: nothing to do.
            if (
                untouched &&
                (await findByZohoId(
                    deps.db,
                    connectionId,
                    'invoice',
                    organizationId,
                    row.invoice_id
                ))
            )
                continue;
            rows.push(row);
        }
        rows.push(...turned);
        let written = 0;
        for (const [n, part] of chunk(rows, batch).entries()) {
            const outcome = await deps.sync.sync({
                connectionId,
                organizationId,
                invoices: part,
                ...meta
            });
            written += outcome.written.length;
            deps.log.info(
                { connectionId, organizationId, done: n * batch + part.length, of: rows.length },
                'payment sweep progress'
            );
        }
        const latest = Math.max(
            cursor?.cursorMs ?? sinceMs,
            ...modified.map((i) => parseZohoTime(i.last_modified_time)).filter(Number.isFinite)
        );
        await putSweepCursor(deps.db, key, { cursorMs: latest, sweptAtMs: now });
        return { modified: modified.length, turnedOverdue: turned.length, written };
    }

    /** Sweeps every active Zoho organization of the connection. */
    async function run(
        connectionId: string,
        meta: { actor: string; correlationId: string | null }
    ) {
        return sweepEachOrganization(deps, connectionId, 'payment sweep done', (o) =>
            sweepOrganization(connectionId, o, meta)
        );
    }

    const handle = sweepJobHandler({
        settings: deps.settings,
        enabled: (s) => s.paymentsEnabled,
        off: 'payments flow is switched off: no sweep',
        run
    });

    /** One sweep job per active connection and period (`everyMs` of the clock). */
    const schedule = periodicSchedule(deps, { kind: PAYMENT_SWEEP_JOB, name: 'payment-sweep' });

    return { run, handle, schedule };
}
