import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Debian's Chromium (`.ci/run` installs it when missing). */
const CHROMIUM = process.env.CLOSEBOOKS_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots of each step, for a person to look at (gitignored). */
const ARTEFACTS = path.join(ROOT, 'artefacts/browser');
/** The first start builds the bundle (about 30–80 s on a loaded machine); later ones use the cache. */
const BUNDLE_MS = 240_000;
const STEP_MS = 20_000;

type Companion = { child: ChildProcess; url: string; exited: Promise<unknown>; log: () => string };

/** `npm start` in sandbox mode on a free port: its URL once it has seeded the demo deals. */
async function startCompanion(dataDir: string): Promise<Companion> {
    const child = spawn('node', ['--import', 'tsx', 'companion/src/main.ts'], {
        cwd: ROOT,
        env: { ...process.env, PORT: '0', CLOSEBOOKS_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'pipe']
    });
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += d));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && child.exitCode === null) {
        const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
        if (url && /open deals seeded/.test(stderr))
            return { child, url, exited, log: () => stderr };
        await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    throw new Error(`the companion did not start in sandbox mode:\n${stderr}`);
}

/** Axe on the page as it is now: the rule ids of every violation with the elements hit. */
async function axeViolations(page: Page): Promise<string[]> {
    const { violations } = await new AxeBuilder({ page }).analyze();
    return violations.map(
        (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`
    );
}

describe('the sandbox console in Chromium', () => {
    let dataDir = '';
    let companion: Companion | undefined;
    let browser: Browser | undefined;
    let tabs: BrowserContext | undefined;
    const consoleErrors: string[] = [];

    async function openPage(): Promise<Page> {
        const page = await tabs!.newPage();
        page.on('console', (m) => {
            if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
        });
        page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
        return page;
    }

    const shot = (page: Page, name: string) =>
        page.screenshot({ path: path.join(ARTEFACTS, `${name}.png`), fullPage: true });

    beforeAll(async () => {
        await mkdir(ARTEFACTS, { recursive: true });
        dataDir = await mkdtemp(path.join(os.tmpdir(), 'closebooks-console-'));
        companion = await startCompanion(dataDir);
        browser = await chromium.launch({
            executablePath: CHROMIUM,
            args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']
        });
        // One browser window: its pages are tabs (axe opens a page of its own in it).
        tabs = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    }, 120_000);

    afterAll(async () => {
        // The last state of every tab, for a person to look at when a step failed.
        for (const [i, page] of (tabs?.pages() ?? []).entries())
            await shot(page, `last-tab-${i + 1}`).catch(() => undefined);
        await browser?.close();
        if (companion && companion.child.exitCode === null) {
            companion.child.kill('SIGTERM');
            await companion.exited;
        }
        await rm(dataDir, { recursive: true, force: true });
    });

    it(
        'walks quote to cash: Close Won shows the invoice, a Zoho payment updates the open account panel live',
        async () => {
            const deals = await openPage();
            await deals.goto(`${companion!.url}/console`, { waitUntil: 'commit' });
            // The bundle request waits for a first build; the page says it is building meanwhile.
            await expect
                .poll(() => deals.getByRole('heading', { name: 'Opportunities' }).count(), {
                    timeout: BUNDLE_MS
                })
                .toBe(1);
            await deals.getByRole('link', { name: 'Deal 0001' }).waitFor({ timeout: STEP_MS });
            expect(await axeViolations(deals)).toEqual([]);
            await shot(deals, '1-home');

            // The Opportunity record page: the deal, its Close Won action and zohoOpportunityInvoice.
            await deals.getByRole('link', { name: 'Deal 0001' }).click();
            const invoiceCard = deals.locator('c-zoho-opportunity-invoice');
            await invoiceCard
                .getByText('No Zoho invoice yet', { exact: false })
                .waitFor({ timeout: STEP_MS });
            expect(await axeViolations(deals)).toEqual([]);
            await shot(deals, '2-opportunity-open');

            await deals.getByRole('button', { name: 'Close Won' }).click();
            await deals.locator('.stage', { hasText: 'Closed Won' }).waitFor({ timeout: STEP_MS });
            const number = invoiceCard.locator('dd.number');
            await number.waitFor({ timeout: STEP_MS });
            const invoiceNumber = (await number.innerText()).trim();
            expect(invoiceNumber).toMatch(/^INV-\d+$/);
            expect(await axeViolations(deals)).toEqual([]);
            await shot(deals, '3-opportunity-invoiced');

            // The account page, left open: zohoAccountPanel lists the invoice, nothing paid yet.
            await deals.locator('.slds-page-header a').click();
            const panel = deals.locator('c-zoho-account-panel');
            await panel.getByText(invoiceNumber).waitFor({ timeout: STEP_MS });
            await panel
                .getByText('No payments yet', { exact: false })
                .waitFor({ timeout: STEP_MS });
            expect(await axeViolations(deals)).toEqual([]);
            await shot(deals, '4-account-before-payment');
            await deals.evaluate(() => Object.assign(window, { notReloaded: true }));

            // Zoho Books in another tab: record the invoice's payment in full.
            const zoho = await openPage();
            await zoho.goto(`${companion!.url}/console#/zoho`, { waitUntil: 'commit' });
            // The invoice is a draft in Zoho: the accountant marks it as sent, then records the payment.
            const send = zoho.getByRole('button', { name: `Mark ${invoiceNumber} as sent` });
            await send.waitFor({ timeout: STEP_MS });
            await send.click();
            const pay = zoho.getByRole('button', { name: `Record payment for ${invoiceNumber}` });
            await pay.waitFor({ timeout: STEP_MS });
            expect(await axeViolations(zoho)).toEqual([]);
            await pay.click();
            await zoho.getByLabel('Amount received').waitFor({ timeout: STEP_MS });
            expect(await axeViolations(zoho)).toEqual([]);
            await shot(zoho, '5-zoho-record-payment');
            await zoho.getByRole('button', { name: 'Save payment' }).click();
            await zoho.getByText('Payment recorded').waitFor({ timeout: STEP_MS });
            await zoho
                .locator('table.payments')
                .getByText(invoiceNumber)
                .waitFor({ timeout: STEP_MS });
            await shot(zoho, '6-zoho-paid');

            // Back on the open account page, without a reload: the payment has arrived.
            await panel.locator('.payments li, .payments tr').first().waitFor({ timeout: STEP_MS });
            await panel
                .getByText('No payments yet', { exact: false })
                .waitFor({ state: 'detached', timeout: STEP_MS });
            expect(
                await deals.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)
            ).toBe(true);
            expect(await axeViolations(deals)).toEqual([]);
            await shot(deals, '7-account-after-payment');
            expect(consoleErrors).toEqual([]);
        },
        BUNDLE_MS + 180_000
    );

    it(
        'shows the setup app with its parts read from the org (health, mapping rules, Salesforce sign-in), a refused write as a message, no console error and no accessibility violation',
        async () => {
            const setup = await openPage();
            await setup.goto(`${companion!.url}/console#/setup`, { waitUntil: 'commit' });
            await setup
                .locator('c-closebooks-setup')
                .getByText('Closebooks Setup')
                .first()
                .waitFor({ timeout: BUNDLE_MS });
            await setup.waitForLoadState('networkidle');
            // The setup page's parts, read through their Apex stand-ins from the simulated org.
            const health = setup.locator('c-closebooks-package-health');
            await health
                .getByText(/^Opportunities: \d+ held, \d+ failed$/)
                .waitFor({ timeout: STEP_MS });
            await health.getByText('Closebooks Integration: 1 active users').waitFor();
            await health.locator('.credential').getByText('Filled in').waitFor();
            const rules = setup.locator('c-closebooks-mapping-rules');
            await rules.getByText('Account.Name', { exact: true }).waitFor({ timeout: STEP_MS });
            await rules.getByText('zoho_contact.contact_name', { exact: true }).waitFor();
            // The companion's Salesforce sign-in: the org's integration user.
            const user = setup.locator('c-closebooks-salesforce-connection dd.user');
            await user.waitFor({ timeout: STEP_MS });
            expect(await user.innerText()).toMatch(/^.+ \(integration@.+\.sandbox\)$/);
            // A write the console does not simulate is refused with its message, not a crash.
            await setup.getByRole('button', { name: 'Reconnect Salesforce' }).click();
            await setup
                .getByText(/startSalesforceConnection is not simulated in the sandbox console/)
                .waitFor({ timeout: STEP_MS });
            expect(await axeViolations(setup)).toEqual([]);
            await shot(setup, '8-setup');
            expect(consoleErrors).toEqual([]);
        },
        BUNDLE_MS
    );
});
