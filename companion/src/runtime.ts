import type { AppDeps } from './app.ts';
import { createAlertPublisher } from './sync/alerts.ts';
import type { RateAlert } from './zoho/rate-limiter.ts';
import { createApp } from './app.ts';
import { createWorker, type JobHandler, type Worker } from './jobs/worker.ts';
import { createConnectionClients, type ConnectionClients } from './sync/clients.ts';
import { createContextCache, readConnectionContext } from './sync/invoice/context.ts';
import { createFactsCache } from './sync/invoice/facts.ts';
import { createInvoiceFlow, INVOICE_JOB } from './sync/invoice/flow.ts';
import { createSnapshotCache } from './sync/invoice/snapshot.ts';
import { createCollectionsFlow } from './sync/collections/flow.ts';
import { createContactPersonFlow } from './sync/customer/contact-persons/index.ts';
import { createNotifiers, type NotifyConfig } from './sync/collections/notifiers.ts';
import { FIRST_LINK_JOB, firstLinkJobHandler } from './sync/customer/first-link/job.ts';
import { createFirstLink } from './sync/customer/first-link/run.ts';
import { createFlowSettingsCache, readFlowSettings } from './sync/flow-settings.ts';
import { createCustomerFlow } from './sync/customer/flow.ts';
import type { CustomerSweepOptions } from './sync/customer/sweep.ts';
import { createPaymentFlow } from './sync/payments/flow.ts';
import { createWonDealCatchUp, WON_DEAL_CATCH_UP_JOB } from './sync/invoice/catch-up.ts';
import { createPaymentSweep, PAYMENT_SWEEP_JOB, type SweepOptions } from './sync/payments/sweep.ts';
import { createPaymentSync } from './sync/payments/sync.ts';
import { createOrgDates } from './sync/org-dates.ts';
import { createReconciliationReader } from './sync/reconciliation/read.ts';
import { createRevenueFlow, REVENUE_JOB } from './sync/revenue/flow.ts';
import { createRevenueScheduler } from './sync/revenue/schedule.ts';
import { createRetention, RETENTION_JOB } from './jobs/retention.ts';
import { DEFAULT_RETENTION, type RetentionPolicy } from './store/retention.ts';
import { createWritebackSender, type WritebackSender } from './sync/writeback/sender.ts';
import { WRITEBACK_FLUSH_JOB } from './store/writeback-flush.ts';
import { recordKeyFields } from './store/connections.ts';
import { createCallLimiter, type RateLimit } from './mcp/rate-limit.ts';
import type { McpDeps } from './mcp/server.ts';

export type RuntimeOptions = Omit<
    AppDeps,
    'onJobsQueued' | 'invoicePreview' | 'customerFirstLink' | 'mcp'
> & {
    /** The MCP tools' per-key call limit (default 60 a minute). */
    mcpLimit?: RateLimit;
    fetch?: typeof fetch;
    workerId?: string;
    /** Worker tuning (tests and the benchmark shorten the poll). */
    worker?: {
        concurrency?: number;
        idlePollMs?: number;
        leaseMs?: number;
        shutdownGraceMs?: number;
    };
    /** Write-back batching (see sync/writeback/sender.ts). */
    writeback?: { tickMs?: number; maxDelayMs?: number; quietMs?: number; batchSize?: number };
    /** The payments reconciliation sweep: how often (clock ms, default 15 minutes) and how. */
    paymentSweep?: SweepOptions & { everyMs?: number; tickMs?: number };
    /** The customer contacts sweep (F2): how often (clock ms, default 15 minutes) and how. */
    customerSweep?: CustomerSweepOptions & { everyMs?: number };
    /** Where overdue-invoice notices go (F4); unset channels stay quiet. */
    notify?: NotifyConfig;
    /** How long finished jobs, processed inbox rows and the journal are kept (hourly cleanup). */
    retention?: RetentionPolicy;
};

export type Runtime = {
    app: ReturnType<typeof createApp>;
    worker: Worker;
    writebacks: WritebackSender;
    clients: ConnectionClients;
    invoices: ReturnType<typeof createInvoiceFlow>;
    payments: { sweep: ReturnType<typeof createPaymentSweep> };
    catchUp: ReturnType<typeof createWonDealCatchUp>;
    collections: ReturnType<typeof createCollectionsFlow>;
    customers: ReturnType<typeof createCustomerFlow>;
    jobKinds: ReadonlySet<string>;
    /** What the MCP tools run on, for `/mcp` and the stdio entry. */
    mcp: McpDeps;
    revenue: {
        flow: ReturnType<typeof createRevenueFlow>;
        scheduler: ReturnType<typeof createRevenueScheduler>;
    };
    /** Passes a Zoho rate alert on to Salesforce (a sync event for each joined connection). */
    publishAlert(alert: RateAlert): Promise<void>;
    start(): void;
    /** Stops claiming, lets running jobs finish (or hands them back); waiting changes stay queued. */
    stop(): Promise<void>;
};

/**
 * The whole companion in one process: the HTTP doors and the job worker with the flows'
 * handlers, the write-back sender's among them. `main.ts`, sandbox mode, the end-to-end tests
 * and the benchmark all build it here, so they run the same thing.
 */
export function createRuntime(options: RuntimeOptions): Runtime {
    const clients = createConnectionClients({
        db: options.db,
        keyring: options.keyring,
        log: options.log,
        clock: options.clock,
        zohoConnect: options.zohoConnect,
        zohoLimiter: options.zohoLimiter,
        fetch: options.fetch ?? fetch,
        ...(options.metrics ? { onSalesforceUsage: options.metrics.salesforceUsage } : {}),
        ...(options.salesforceNamespace === undefined
            ? {}
            : { salesforceNamespace: options.salesforceNamespace })
    });
    const contexts = createContextCache({
        clock: options.clock,
        load: async (connectionId) => readConnectionContext(await clients.salesforce(connectionId))
    });
    const writebacks = createWritebackSender({
        db: options.db,
        clock: options.clock,
        log: options.log,
        clients,
        busyKinds: [INVOICE_JOB],
        onQueued: () => worker.poke(),
        ...options.writeback
    });
    const facts = createFactsCache({
        clock: options.clock,
        onKeyFields: (organizationId, keyFields) =>
            recordKeyFields(options.db, organizationId, keyFields, new Date(options.clock.now()))
    });
    const invoices = createInvoiceFlow({
        db: options.db,
        clock: options.clock,
        log: options.log,
        clients,
        contexts,
        facts,
        snapshots: createSnapshotCache({ clock: options.clock }),
        onWriteback: () => writebacks.poke()
    });
    const flowSettings = createFlowSettingsCache({
        clock: options.clock,
        load: async (connectionId) => readFlowSettings(await clients.salesforce(connectionId))
    });
    const paymentSync = createPaymentSync({
        db: options.db,
        clock: options.clock,
        log: options.log.child({ flow: 'payments' }),
        clients,
        settings: flowSettings,
        orgDates: createOrgDates({ clock: options.clock, clients }),
        onWriteback: () => writebacks.poke(),
        onJobsQueued: () => worker.poke()
    });
    const contactPersons = createContactPersonFlow({
        db: options.db,
        clock: options.clock,
        log: options.log.child({ flow: 'contact-persons' }),
        clients,
        rules: async (connectionId) => (await contexts.get(connectionId)).rules
    });
    const customers = createCustomerFlow({
        db: options.db,
        clock: options.clock,
        log: options.log.child({ flow: 'customers' }),
        clients,
        contexts,
        settings: flowSettings,
        facts,
        onWriteback: () => writebacks.poke(),
        deferWhile: [INVOICE_JOB],
        persons: (request) => contactPersons.reconcileZohoContact(request),
        deletedContacts: (request) => contactPersons.settleDeletedContacts(request),
        ...(options.customerSweep ? { sweep: options.customerSweep } : {})
    });
    const payments = createPaymentFlow({ clients, sync: paymentSync, settings: flowSettings });
    const sweep = createPaymentSweep({
        db: options.db,
        clock: options.clock,
        log: options.log.child({ flow: 'payments' }),
        clients,
        sync: paymentSync,
        settings: flowSettings,
        deferWhile: [INVOICE_JOB],
        ...(options.paymentSweep ? { options: options.paymentSweep } : {})
    });
    const revenue = createRevenueFlow({
        db: options.db,
        clock: options.clock,
        log: options.log.child({ flow: 'revenue' }),
        clients,
        settings: flowSettings,
        onWriteback: () => writebacks.poke()
    });
    const collections = createCollectionsFlow({
        db: options.db,
        clock: options.clock,
        log: options.log.child({ flow: 'collections' }),
        clients,
        settings: flowSettings,
        notifiers: createNotifiers(options.notify ?? {}),
        onQueued: () => worker.poke()
    });
    const revenueScheduler = createRevenueScheduler({
        db: options.db,
        clock: options.clock,
        log: options.log.child({ flow: 'revenue' }),
        settings: flowSettings,
        deferWhile: [INVOICE_JOB]
    });
    const firstLink = createFirstLink({
        db: options.db,
        clock: options.clock,
        log: options.log.child({ flow: 'customer-first-link' }),
        clients,
        onWriteback: () => writebacks.poke()
    });
    const retention = createRetention({
        db: options.db,
        clock: options.clock,
        log: options.log.child({ flow: 'retention' }),
        policy: options.retention ?? DEFAULT_RETENTION
    });
    const catchUp = createWonDealCatchUp({
        db: options.db,
        clock: options.clock,
        log: options.log.child({ flow: 'invoices' }),
        clients,
        invoiceSettings: async (connectionId) => (await contexts.get(connectionId)).settings,
        onJobsQueued: () => worker.poke()
    });
    const sweepEveryMs = options.paymentSweep?.everyMs ?? 15 * 60_000;
    let sweepTimer: NodeJS.Timeout | undefined;
    const handlers: Readonly<Record<string, JobHandler>> = {
        [INVOICE_JOB]: invoices.handle,
        ...payments.handlers,
        [PAYMENT_SWEEP_JOB]: sweep.handle,
        [WON_DEAL_CATCH_UP_JOB]: catchUp.handle,
        [REVENUE_JOB]: revenue.handle,
        [FIRST_LINK_JOB]: firstLinkJobHandler(firstLink),
        ...collections.handlers,
        ...customers.handlers,
        ...contactPersons.handlers,
        [RETENTION_JOB]: retention.handle,
        [WRITEBACK_FLUSH_JOB]: writebacks.handle
    };
    const handledJobKinds: ReadonlySet<string> = new Set(Object.keys(handlers));
    const worker = createWorker({
        db: options.db,
        log: options.log,
        handlers,
        onDead: async (job, message) => {
            if (job.kind === INVOICE_JOB) await invoices.reportDead(job, message);
            await writebacks.afterJob(job);
        },
        onDone: (job) => writebacks.afterJob(job),
        ...(options.workerId ? { workerId: options.workerId } : {}),
        concurrency: options.worker?.concurrency ?? 2,
        idlePollMs: options.worker?.idlePollMs ?? 250,
        ...(options.worker?.leaseMs ? { leaseMs: options.worker.leaseMs } : {}),
        ...(options.worker?.shutdownGraceMs
            ? { shutdownGraceMs: options.worker.shutdownGraceMs }
            : {})
    });
    const invoicePreview = async (connectionId: string, opportunityId: string) =>
        invoices.preview(connectionId, opportunityId);
    const mcp: McpDeps = {
        db: options.db,
        clock: options.clock,
        log: options.log.child({ door: 'mcp' }),
        clients,
        invoicePreview,
        limiter: createCallLimiter(options.clock, options.mcpLimit),
        onJobsQueued: () => worker.poke()
    };
    const app = createApp({
        ...options,
        onJobsQueued: () => worker.poke(),
        handledJobKinds,
        invoicePreview,
        mcp,
        reconciliation: createReconciliationReader({
            db: options.db,
            clock: options.clock,
            clients
        }),
        customerFirstLink: { run: firstLink, onWriteback: () => writebacks.poke() }
    });
    const publishAlert = createAlertPublisher({
        db: options.db,
        clock: options.clock,
        log: options.log,
        onQueued: () => writebacks.poke()
    });
    return {
        app,
        publishAlert,
        worker,
        writebacks,
        clients,
        mcp,
        invoices,
        payments: { sweep },
        catchUp,
        collections,
        customers,
        /** The job kinds this process runs (the doors refuse events of any other). */
        jobKinds: handledJobKinds,
        revenue: { flow: revenue, scheduler: revenueScheduler },
        start() {
            worker.start();
            // Changes stored before this start (or by a process that stopped) get their job.
            writebacks.poke();
            const scheduleBackground = () => {
                Promise.all([
                    writebacks.schedule(),
                    sweep.schedule(sweepEveryMs),
                    catchUp.schedule(sweepEveryMs),
                    customers.sweep.schedule(options.customerSweep?.everyMs ?? 15 * 60_000),
                    revenueScheduler.schedule(),
                    collections.schedule(),
                    retention.schedule()
                ])
                    .then((queued) => {
                        if (queued.some((n) => n > 0)) worker.poke();
                    })
                    .catch((error: unknown) =>
                        options.log.error({ err: error }, 'scheduling background jobs failed')
                    );
            };
            // The first look comes with the first tick, not at start: a restart costs no calls.
            sweepTimer = setInterval(scheduleBackground, options.paymentSweep?.tickMs ?? 60_000);
            sweepTimer.unref();
        },
        async stop() {
            clearInterval(sweepTimer);
            await worker.stop();
        }
    };
}
