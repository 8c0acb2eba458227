import type { Clock } from '../../clock.ts';
import { periodicSchedule } from '../../jobs/periodic.ts';
import type { Logger } from '../../log.ts';
import type { Db } from '../../store/db.ts';
import { findByZohoId } from '../../store/links.ts';
import { getMirrorStates, getSweepCursor, putSweepCursor } from '../../store/mirror-state.ts';
import type { ZohoClient } from '../../zoho/client.ts';
import { pagesOf } from '../../zoho/resources/common.ts';
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

/**
 * The latest `last_modified_time` of `rows`, or `from` when none is later (rows with no time are
 * passed over). A loop, not `Math.max(...)`: spreading a long list overflows the call stack.
 */
export function latestModified(
    rows: readonly { last_modified_time?: string | undefined }[],
    from: number
): number {
    let latest = from;
    for (const row of rows) {
        const ms = parseZohoTime(row.last_modified_time);
        if (ms > latest) latest = ms;
    }
    return latest;
}

/** An invoice's `last_modified_time` in epoch ms; NaN when it has none. */
const timeOf = (row: InvoiceRow) => parseZohoTime(row.last_modified_time);

/**
 * Invoices modified after `sinceMs`, oldest first, a page at a time. The next page is asked
 * from the last modified time read (a second back: the filter is strict and Zoho's times are in
 * whole seconds), not by page number: an invoice modified while the sweep works moves to the end
 * of the list, and a page number would then skip the invoice that slid onto a page already read.
 * Ids already given in the last two seconds read are not given again (the filter may compare
 * finer than the second it shows). When a whole page shares one second (a bulk import), or a row
 * has no modified time, the walk goes on by page number.
 */
async function* modifiedPages(
    zoho: { invoices: Pick<ZohoClient['invoices'], 'list'> },
    sinceMs: number
): AsyncGenerator<InvoiceRow[]> {
    let after = sinceMs;
    let pageNumber = 1;
    let edge = Number.NEGATIVE_INFINITY;
    // Ids given with their modified time, from the second before `edge` on.
    const recent = new Map<string, number>();
    for (;;) {
        const page = await zoho.invoices.list(
            {
                last_modified_time: zohoTime(after),
                sort_column: 'last_modified_time',
                sort_order: 'A'
            },
            pageNumber
        );
        const fresh: InvoiceRow[] = [];
        let timed = true;
        for (const row of page.rows) {
            const ms = timeOf(row);
            if (!Number.isFinite(ms)) timed = false;
            else if (recent.get(row.invoice_id) === ms) continue;
            else {
                recent.set(row.invoice_id, ms);
                edge = Math.max(edge, ms);
            }
            fresh.push(row);
        }
        for (const [id, ms] of recent) if (ms < edge - 1_000) recent.delete(id);
        if (fresh.length > 0) yield fresh;
        if (!page.hasMore || page.rows.length === 0) return;
        const next = edge - 1_000;
        if (timed && next > after) {
            after = next;
            pageNumber = 1;
        } else pageNumber++;
    }
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
    sync: Pick<PaymentSync, 'sync' | 'today'>;
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

        // Invoices wait here until a sync call's worth is ready: the sweep holds a Zoho page
        // and one batch, never the whole list (a first sweep after an import reads them all).
        const pending: InvoiceRow[] = [];
        let done = 0;
        let written = 0;
        const flush = async (all: boolean) => {
            while (pending.length >= batch || (all && pending.length > 0)) {
                const part = pending.splice(0, batch);
                const outcome = await deps.sync.sync({
                    connectionId,
                    organizationId,
                    invoices: part,
                    ...meta
                });
                written += outcome.written.length;
                done += part.length;
                deps.log.info({ connectionId, organizationId, done }, 'payment sweep progress');
            }
        };

        let modified = 0;
        let latest = cursor?.cursorMs ?? sinceMs;
        for await (const rows of modifiedPages(zoho, sinceMs)) {
            modified += rows.length;
            const states = await statesOf(connectionId, rows);
            latest = latestModified(rows, latest);
            for (const row of rows) {
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
                pending.push(row);
            }
            await flush(false);
        }

        // Fallen due since last written. One modified after `sinceMs` was in the list above.
        let turnedOverdue = 0;
        const pastDue = pagesOf((n) =>
            zoho.invoices.list({ status: 'unpaid', due_date_before: today }, n)
        );
        for await (const page of pastDue) {
            const due = page.filter((i) => !(timeOf(i) > sinceMs) && isOverdue(i, today));
            const states = await statesOf(connectionId, due);
            const turned = due.filter((i) => !states.get(invoiceSubject(i.invoice_id))?.overdue);
            turnedOverdue += turned.length;
            pending.push(...turned);
            await flush(false);
        }
        await flush(true);
        await putSweepCursor(deps.db, key, { cursorMs: latest, sweptAtMs: now });
        return { modified, turnedOverdue, written };
    }

    const statesOf = (connectionId: string, rows: readonly InvoiceRow[]) =>
        getMirrorStates(
            deps.db,
            connectionId,
            rows.map((i) => invoiceSubject(i.invoice_id))
        );

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
