import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { computeTotals, parseDiscount } from '../../../sandbox/zoho/money.ts';
import type { MappingRule } from '../mapping/rules.ts';
import {
    planInvoice,
    type HeldPlan,
    type InvoicePlan,
    type InvoiceSettings,
    type PlanInput,
    type ReadyPlan,
    type ZohoFacts
} from './plan.ts';
import type { LineRow, OpportunityRow, OpportunitySnapshot } from './snapshot.ts';

// ---- builders ------------------------------------------------------------------------------

function lineRow(id: string, extra: Partial<LineRow> = {}): LineRow {
    return {
        Id: id,
        Product2Id: `01t${id}`,
        Product2: { Name: `Product ${id}`, ProductCode: `SKU-${id}`, Tax_Category__c: 'Standard' },
        Quantity: 1,
        UnitPrice: 100,
        Discount: null,
        ...extra
    };
}

function snapshot(
    lines: LineRow[],
    extra: Partial<OpportunityRow> & Record<string, unknown> = {}
): OpportunitySnapshot {
    const row: OpportunityRow = {
        Id: '006A',
        Name: 'Acme renewal',
        AccountId: '001A',
        Account: {
            Name: 'Acme GmbH',
            BillingStreet: 'Hauptstr. 1',
            BillingCity: 'Berlin',
            BillingCountry: 'Germany',
            Phone: '+49 30 1234'
        },
        Amount: null,
        CloseDate: '2026-03-31',
        StageName: 'Closed Won',
        CurrencyIsoCode: 'USD',
        Invoice_Discount__c: null,
        OpportunityLineItems: { records: lines },
        ...extra
    };
    return { id: row.Id, row, lines, lineSource: 'OpportunityLineItem', readAtMs: 0 };
}

function facts(extra: Partial<ZohoFacts> = {}): ZohoFacts {
    return {
        baseCurrency: { id: 'cur-usd', code: 'USD', precision: 2 },
        currencies: new Map([
            ['USD', { id: 'cur-usd', code: 'USD', precision: 2 }],
            ['EUR', { id: 'cur-eur', code: 'EUR', precision: 2 }],
            ['JPY', { id: 'cur-jpy', code: 'JPY', precision: 0 }]
        ]),
        taxes: [
            { id: 'tax-19', name: 'VAT 19', percentage: 19 },
            { id: 'tax-10', name: 'VAT 10', percentage: 10 }
        ],
        invoiceKey: 'cf_salesforce_id',
        contactKey: 'cf_salesforce_id',
        ...extra
    };
}

function settings(extra: Partial<InvoiceSettings> = {}): InvoiceSettings {
    return {
        enabled: true,
        trigger: 'Closed_Won',
        createMissingItems: false,
        exchangeRateSource: 'Zoho',
        paymentTermsDays: 30,
        pricesIncludeTax: false,
        ...extra
    };
}

function rule(
    name: string,
    source: string,
    target: string,
    extra: Partial<MappingRule> = {}
): MappingRule {
    const [sourceObject, ...sourcePath] = source.split('.');
    const [targetObject, ...targetPath] = target.split('.');
    return {
        name,
        sourceObject: sourceObject!,
        sourceField: sourcePath.join('.'),
        targetObject: targetObject!,
        targetField: targetPath.join('.'),
        direction: 'Salesforce_To_Zoho',
        fieldOwner: null,
        condition: null,
        transform: null,
        sortOrder: 0,
        active: true,
        ...extra
    };
}

const TAX_RULE = rule(
    'Line_Tax',
    'OpportunityLineItem.Product2.Tax_Category__c',
    'zoho_line_item.tax_name',
    { transform: 'map:Standard=VAT 19;Reduced=VAT 10' }
);
const DISCOUNT_RULE = rule(
    'Invoice_Discount',
    'Opportunity.Invoice_Discount__c',
    'zoho_invoice.discount'
);
const CONTACT_RULES = [
    rule('Bill_Street', 'Account.BillingStreet', 'zoho_contact.billing_address.address'),
    rule('Bill_City', 'Account.BillingCity', 'zoho_contact.billing_address.city'),
    rule('Bill_Country', 'Account.BillingCountry', 'zoho_contact.billing_address.country'),
    rule('Phone', 'Account.Phone', 'zoho_contact.phone')
];

function input(extra: Partial<PlanInput> = {}): PlanInput {
    const lines = [lineRow('L1'), lineRow('L2')];
    return {
        snapshot: snapshot(lines),
        rules: [TAX_RULE],
        facts: facts(),
        settings: settings(),
        customerId: 'cust-1',
        itemIds: new Map([
            ['01tL1', 'item-1'],
            ['01tL2', 'item-2']
        ]),
        salesforceRate: null,
        ...extra
    };
}

function ready(plan: InvoicePlan): ReadyPlan {
    if (plan.kind !== 'ready') throw new Error(`held: ${plan.reasons.join(' | ')}`);
    return plan;
}

function held(plan: InvoicePlan): HeldPlan {
    if (plan.kind !== 'held') throw new Error('expected the plan to be held');
    return plan;
}

// ---- ready plans ---------------------------------------------------------------------------

describe('planInvoice: a ready plan', () => {
    it('plans a simple deal: lines, items, taxes, both discounts folded into the lines, payment terms', () => {
        const lines = [
            lineRow('L1', { Quantity: 2, UnitPrice: 100, Discount: 10 }),
            lineRow('L2', {
                Quantity: 1,
                UnitPrice: 50,
                Product2: { Name: 'Support', ProductCode: null, Tax_Category__c: 'Reduced' }
            })
        ];
        const plan = ready(
            planInvoice(
                input({
                    snapshot: snapshot(lines, { Amount: 230, Invoice_Discount__c: 5 }),
                    rules: [TAX_RULE, DISCOUNT_RULE]
                })
            )
        );
        expect(plan.customer).toEqual({ id: 'cust-1' });
        expect(plan.itemsToCreate).toEqual([]);
        expect(plan.lines).toEqual([
            {
                productId: '01tL1',
                productName: 'Product L1',
                itemId: 'item-1',
                body: { quantity: 2, rate: 100, discount: 29, tax_id: 'tax-19' }
            },
            {
                productId: '01tL2',
                productName: 'Support',
                itemId: 'item-2',
                body: { quantity: 1, rate: 50, discount: 2.5, tax_id: 'tax-10' }
            }
        ]);
        // One discount level per invoice, always said: the 5 % document discount is folded in.
        expect(plan.invoice).toEqual({
            currency_id: 'cur-usd',
            discount_type: 'item_level',
            is_inclusive_tax: false,
            payment_terms: 30
        });
        // 200 − 10% = 180 and 50: S = 230; 5% = 11.50, shares 180/230 and 50/230 of it = 9.00
        // and 2.50 → line discounts 20 + 9 = 29 and 2.50; lines 171 and 47.50;
        // tax 171 × 19% = 32.49 and 47.50 × 10% = 4.75; total 218.50 + 37.24 = 255.74
        expect(plan.expected).toEqual({
            lineTotals: [171, 47.5],
            subTotal: 218.5,
            discountTotal: 0,
            taxTotal: 37.24,
            total: 255.74
        });
        expect(plan.warnings).toEqual([]);
    });

    it.each([
        {
            name: 'no discount: item level, said explicitly',
            lineDiscount: null,
            documentDiscount: null,
            invoice: { discount_type: 'item_level' },
            line: {}
        },
        {
            name: 'line discount only: item level with the percentage on the line',
            lineDiscount: 10,
            documentDiscount: null,
            invoice: { discount_type: 'item_level' },
            line: { discount: '10%' }
        },
        {
            name: 'document discount only: entity level before tax',
            lineDiscount: null,
            documentDiscount: 5,
            invoice: {
                discount_type: 'entity_level',
                discount: '5%',
                is_discount_before_tax: true
            },
            line: {}
        }
    ])('$name', ({ lineDiscount, documentDiscount, invoice, line }) => {
        const plan = ready(
            planInvoice(
                input({
                    snapshot: snapshot([lineRow('L1', { Discount: lineDiscount })], {
                        Invoice_Discount__c: documentDiscount
                    }),
                    rules: [DISCOUNT_RULE]
                })
            )
        );
        expect(plan.invoice).toEqual({
            currency_id: 'cur-usd',
            is_inclusive_tax: false,
            payment_terms: 30,
            ...invoice
        });
        expect(plan.lines[0]!.body).toEqual({ quantity: 1, rate: 100, ...line });
    });

    it('marks prices as tax-inclusive when the setting says so, and extracts the tax', () => {
        // 2 × 59.50 = 119.00 including VAT 19 %: 119 × 19 ÷ 119 = 19.00; total 119.00
        // 1 × 10.00 including VAT 10 %: 10 × 10 ÷ 110 = 0.909… → 0.91
        const plan = ready(
            planInvoice(
                input({
                    snapshot: snapshot([
                        lineRow('L1', { Quantity: 2, UnitPrice: 59.5 }),
                        lineRow('L2', {
                            UnitPrice: 10,
                            Product2: {
                                Name: 'Support',
                                ProductCode: null,
                                Tax_Category__c: 'Reduced'
                            }
                        })
                    ]),
                    rules: [TAX_RULE],
                    settings: settings({ pricesIncludeTax: true })
                })
            )
        );
        expect(plan.invoice.is_inclusive_tax).toBe(true);
        expect(plan.expected).toEqual({
            lineTotals: [119, 10],
            subTotal: 129,
            discountTotal: 0,
            taxTotal: 19.91,
            total: 129
        });
    });

    it('holds a deal whose document discount cannot be folded into a negative line', () => {
        const plan = held(
            planInvoice(
                input({
                    snapshot: snapshot(
                        [lineRow('L1', { Discount: 10 }), lineRow('L2', { UnitPrice: -20 })],
                        { Invoice_Discount__c: 5 }
                    ),
                    rules: [DISCOUNT_RULE]
                })
            )
        );
        expect(plan.reasons).toEqual([expect.stringMatching(/one discount level per invoice/)]);
    });

    it('puts the opportunity id in reference_number when Zoho has no unique invoice field', () => {
        const plan = ready(planInvoice(input({ facts: facts({ invoiceKey: null }) })));
        expect(plan.invoice.reference_number).toBe('006A');
    });

    it('warns when the opportunity amount differs from the sub total', () => {
        const plan = ready(
            planInvoice(input({ snapshot: snapshot([lineRow('L1')], { Amount: 99 }) }))
        );
        expect(plan.warnings).toEqual([
            'The opportunity amount 99 differs from the sum of the invoice lines 100'
        ]);
    });

    it('plans a customer to create from the Account under zoho_contact rules', () => {
        const plan = ready(
            planInvoice(
                input({
                    customerId: null,
                    rules: [TAX_RULE, ...CONTACT_RULES],
                    snapshot: snapshot([lineRow('L1')], { CurrencyIsoCode: 'EUR' })
                })
            )
        );
        expect(plan.customer).toEqual({
            create: {
                contact_name: 'Acme GmbH',
                contact_type: 'customer',
                currency_id: 'cur-eur',
                phone: '+49 30 1234',
                billing_address: { address: 'Hauptstr. 1', city: 'Berlin', country: 'Germany' }
            }
        });
        expect(plan.invoice.currency_id).toBe('cur-eur');
        expect(plan.invoice.exchange_rate).toBeUndefined();
    });

    it('plans items to create when allowed, once per product', () => {
        const lines = [
            lineRow('L1', { Product2Id: '01tP', UnitPrice: 70 }),
            lineRow('L2', { Product2Id: '01tP', UnitPrice: 80 })
        ];
        const plan = ready(
            planInvoice(
                input({
                    snapshot: snapshot(lines),
                    itemIds: new Map(),
                    settings: settings({ createMissingItems: true })
                })
            )
        );
        expect(plan.itemsToCreate).toEqual([
            { productId: '01tP', body: { name: 'Product L1', rate: 70, sku: 'SKU-L1' } }
        ]);
        expect(plan.lines.map((l) => l.itemId)).toEqual([null, null]);
    });

    it.each([
        [0.9, 1.111111],
        [0.92, 1.086957],
        [1.25, 0.8]
    ])('takes the exchange rate from Salesforce: 1 / %s → %s', (rate, expected) => {
        const plan = ready(
            planInvoice(
                input({
                    snapshot: snapshot([lineRow('L1')], { CurrencyIsoCode: 'EUR' }),
                    settings: settings({ exchangeRateSource: 'Salesforce' }),
                    salesforceRate: { corporateCurrency: 'usd', rate }
                })
            )
        );
        expect(plan.invoice.exchange_rate).toBe(expected);
    });

    it('writes custom fields on the invoice and on lines', () => {
        const plan = ready(
            planInvoice(
                input({
                    snapshot: snapshot([lineRow('L1')]),
                    rules: [
                        rule('Deal_Id', 'Opportunity.Id', 'zoho_invoice.custom_fields.cf_sf_deal'),
                        rule('Deal_Name', 'Opportunity.Name', 'zoho_invoice.custom_fields.cf_x'),
                        rule(
                            'Line_Id',
                            'OpportunityLineItem.Id',
                            'zoho_line_item.item_custom_fields.cf_sf_line'
                        )
                    ]
                })
            )
        );
        expect(plan.invoice.custom_fields).toEqual([
            { api_name: 'cf_sf_deal', value: '006A' },
            { api_name: 'cf_x', value: 'Acme renewal' }
        ]);
        expect(plan.lines[0]!.body.item_custom_fields).toEqual([
            { api_name: 'cf_sf_line', value: 'L1' }
        ]);
    });

    it('applies opportunity line rules to quote lines, and QuoteLineItem rules over them', () => {
        const base = input();
        const quoteLines = { ...base.snapshot, lineSource: 'QuoteLineItem' as const };
        const both = planInvoice({ ...base, snapshot: quoteLines });
        expect(ready(both).lines.map((l) => l.body.tax_id)).toEqual(['tax-19', 'tax-19']);
        const override = rule(
            'Quote_Tax',
            'QuoteLineItem.Product2.Tax_Category__c',
            'zoho_line_item.tax_name',
            { transform: 'map:Standard=VAT 10' }
        );
        const quotePlan = planInvoice({
            ...base,
            snapshot: quoteLines,
            rules: [TAX_RULE, override]
        });
        expect(ready(quotePlan).lines.map((l) => l.body.tax_id)).toEqual(['tax-10', 'tax-10']);
        // On opportunity lines the QuoteLineItem rule does not apply.
        const dealPlan = planInvoice({ ...base, rules: [TAX_RULE, override] });
        expect(ready(dealPlan).lines.map((l) => l.body.tax_id)).toEqual(['tax-19', 'tax-19']);
    });

    it('rounds expected totals to the currency precision (JPY: 0)', () => {
        const plan = ready(
            planInvoice(
                input({
                    snapshot: snapshot([lineRow('L1', { UnitPrice: 99.5 })], {
                        CurrencyIsoCode: 'JPY'
                    }),
                    rules: []
                })
            )
        );
        expect(plan.expected.subTotal).toBe(100);
    });
});

// ---- holds ---------------------------------------------------------------------------------

const OFF = 'The invoice flow is switched off in Closebooks settings';
const NO_ACCOUNT = 'The opportunity has no account';
const NO_PRODUCTS = 'The opportunity has no products';

describe('planInvoice: holds', () => {
    it.each<[string, Partial<PlanInput>, string]>([
        ['the flow is off', { settings: settings({ enabled: false }) }, OFF],
        [
            'there is no account',
            { snapshot: snapshot([lineRow('L1')], { AccountId: null, Account: null }) },
            NO_ACCOUNT
        ],
        ['there are no products', { snapshot: snapshot([]) }, NO_PRODUCTS],
        [
            'the currency is not enabled',
            { snapshot: snapshot([lineRow('L1')], { CurrencyIsoCode: 'gbp' }) },
            'The currency GBP is not enabled in Zoho Books; add it under Settings → Currencies, then resync'
        ],
        [
            'the tax name is unknown',
            {
                snapshot: snapshot([lineRow('L1')]),
                rules: [{ ...TAX_RULE, transform: 'map:Standard=VAT 99' }]
            },
            'Zoho Books has no tax named "VAT 99" (for Product L1 (SKU-L1), tax category Standard); fix the tax mapping or add the tax in Zoho, then resync'
        ],
        [
            'the map has no entry for the value',
            {
                snapshot: snapshot([
                    lineRow('L1', { Product2: { Name: 'Gadget', Tax_Category__c: 'Exotic' } })
                ])
            },
            "Mapping rule Line_Tax (zoho_line_item of Gadget): transform: no entry for 'Exotic' in map"
        ],
        [
            'an item is missing and may not be created',
            { itemIds: new Map([['01tL1', 'item-1']]) },
            'The product Product L2 (SKU-L2) has no Zoho item, and creating items is switched off; create the item in Zoho (SKU SKU-L2) or allow it, then resync'
        ],
        [
            'the Salesforce rate is missing',
            {
                snapshot: snapshot([lineRow('L1')], { CurrencyIsoCode: 'EUR' }),
                settings: settings({ exchangeRateSource: 'Salesforce' })
            },
            'No Salesforce dated exchange rate for EUR on 2026-03-31; add one, or take rates from Zoho'
        ],
        [
            'Salesforce rates are against another currency',
            {
                snapshot: snapshot([lineRow('L1')], { CurrencyIsoCode: 'EUR' }),
                settings: settings({ exchangeRateSource: 'Salesforce' }),
                salesforceRate: { corporateCurrency: 'GBP', rate: 1.2 }
            },
            "Salesforce rates are against GBP, Zoho's base currency is USD; take rates from Zoho instead"
        ],
        [
            'a rule targets an unknown field',
            {
                rules: [TAX_RULE, rule('Ship', 'Opportunity.Name', 'zoho_invoice.shipping_charge')]
            },
            "Mapping rule Ship writes zoho_invoice.shipping_charge, which Closebooks does not write; change the rule's target field"
        ],
        [
            'a rule targets an unknown field, even with an empty source value',
            {
                rules: [
                    TAX_RULE,
                    rule('Ship', 'Opportunity.No_Such_Field__c', 'zoho_invoice.shipping_charge')
                ]
            },
            "Mapping rule Ship writes zoho_invoice.shipping_charge, which Closebooks does not write; change the rule's target field"
        ],
        [
            'the document discount is not a percentage',
            {
                snapshot: snapshot([lineRow('L1')], { Invoice_Discount__c: 150 }),
                rules: [TAX_RULE, DISCOUNT_RULE]
            },
            'The invoice discount 150 is not a percentage between 0 and 100'
        ]
    ])('holds when %s', (_, extra, reason) => {
        const plan = held(planInvoice(input(extra)));
        expect(plan).toEqual({ kind: 'held', opportunityId: '006A', reasons: [reason] });
    });

    it('gives the flow-off, no-account and no-products reasons together', () => {
        const plan = held(
            planInvoice(
                input({
                    settings: settings({ enabled: false }),
                    snapshot: snapshot([], { AccountId: null, Account: null })
                })
            )
        );
        expect(plan.reasons).toEqual([OFF, NO_ACCOUNT, NO_PRODUCTS]);
    });

    it('gives every later reason at once, so one fix-and-resync is enough', () => {
        const lines = [
            lineRow('L1', { Product2: { Name: 'Gadget', Tax_Category__c: 'Exotic' } }),
            lineRow('L2', { Product2: { Name: 'Widget', Tax_Category__c: 'Unknown' } })
        ];
        const plan = held(
            planInvoice(
                input({
                    snapshot: snapshot(lines, { CurrencyIsoCode: 'EUR', Invoice_Discount__c: -1 }),
                    settings: settings({ exchangeRateSource: 'Salesforce' }),
                    itemIds: new Map([['01tL1', 'item-1']]),
                    customerId: null,
                    rules: [
                        { ...TAX_RULE, transform: 'map:Standard=VAT 19;Unknown=VAT 99' },
                        DISCOUNT_RULE,
                        rule('Ship', 'Opportunity.Name', 'zoho_invoice.shipping_charge'),
                        rule('Fax', 'Account.Fax', 'zoho_contact.fax', { transform: 'upper' }),
                        rule('Bad', 'Account.Name', 'zoho_contact.notes', { condition: '((' })
                    ]
                })
            )
        );
        const expected = [
            /No Salesforce dated exchange rate for EUR/,
            /^Mapping rule Ship writes zoho_invoice\.shipping_charge/,
            /^The invoice discount -1 is not a percentage/,
            /^Mapping rule Line_Tax \(zoho_line_item of Gadget\): transform: no entry for 'Exotic'/,
            /^The product Widget has no Zoho item/,
            /^Zoho Books has no tax named "VAT 99" \(for Widget/,
            /^Mapping rule Bad \(zoho_contact\): condition: /,
            // Fax has no value on the account, but Closebooks never writes zoho_contact.fax.
            /^Mapping rule Fax writes zoho_contact\.fax/
        ];
        for (const pattern of expected)
            expect(
                plan.reasons.some((r) => pattern.test(r)),
                String(pattern)
            ).toBe(true);
        expect(plan.reasons).toHaveLength(expected.length);
    });

    it('holds on a currency Zoho lacks together with the line reasons', () => {
        const plan = held(
            planInvoice(
                input({
                    snapshot: snapshot([lineRow('L1')], { CurrencyIsoCode: 'CHF' }),
                    itemIds: new Map()
                })
            )
        );
        expect(plan.reasons).toHaveLength(2);
        expect(plan.reasons[0]).toMatch(/^The currency CHF is not enabled/);
        expect(plan.reasons[1]).toMatch(/^The product Product L1 \(SKU-L1\) has no Zoho item/);
    });
});

// ---- properties ----------------------------------------------------------------------------

const hundredths = (min: number, max: number) =>
    fc.integer({ min, max }).map((n) => Number((n / 100).toFixed(2)));

describe('planInvoice: properties', () => {
    it("a ready plan's sub total is the sum of its line totals, close to Σ price × qty × (1 − d)", () => {
        fc.assert(
            fc.property(
                fc.array(
                    fc.record({
                        UnitPrice: hundredths(0, 1_000_000),
                        Quantity: hundredths(1, 10_000),
                        Discount: hundredths(0, 10_000)
                    }),
                    { minLength: 1, maxLength: 10 }
                ),
                (specs) => {
                    const lines = specs.map((s, i) => lineRow(`L${i}`, s));
                    const plan = ready(
                        planInvoice(
                            input({
                                snapshot: snapshot(lines),
                                itemIds: new Map(lines.map((l) => [l.Product2Id!, 'item']))
                            })
                        )
                    );
                    const sum = plan.expected.lineTotals.reduce((a, b) => a + b, 0);
                    expect(plan.expected.subTotal).toBeCloseTo(sum, 6);
                    const exact = specs.reduce(
                        (a, s) => a + s.UnitPrice * s.Quantity * (1 - s.Discount / 100),
                        0
                    );
                    // each line rounds twice (gross, discount) by at most half a cent
                    expect(Math.abs(plan.expected.subTotal - exact)).toBeLessThanOrEqual(
                        0.01 * specs.length + 1e-6
                    );
                }
            ),
            { numRuns: 300 }
        );
    });

    it('what the plan sends, Zoho totals to the cent as the plan expects (0 drift)', () => {
        const rates = new Map([
            ['tax-19', 19],
            ['tax-10', 10]
        ]);
        /** The request's discount, read the way the Zoho simulator reads it. */
        const asZoho = (raw: unknown) => {
            const d = parseDiscount(raw);
            if (d === 'invalid') throw new Error(`Zoho refuses the discount ${String(raw)}`);
            return d;
        };
        fc.assert(
            fc.property(
                fc.array(
                    fc.record({
                        UnitPrice: hundredths(0, 1_000_000),
                        Quantity: hundredths(1, 10_000),
                        Discount: fc.oneof(fc.constant(null), hundredths(0, 10_000)),
                        reduced: fc.boolean()
                    }),
                    { minLength: 1, maxLength: 8 }
                ),
                fc.oneof(fc.constant(null), hundredths(0, 10_000)),
                fc.constantFrom('USD', 'JPY'),
                fc.boolean(),
                (specs, documentDiscount, currency, pricesIncludeTax) => {
                    const lines = specs.map(({ reduced, ...s }, i) =>
                        lineRow(`L${i}`, {
                            ...s,
                            Product2: {
                                Name: `P${i}`,
                                ProductCode: null,
                                Tax_Category__c: reduced ? 'Reduced' : 'Standard'
                            }
                        })
                    );
                    const plan = ready(
                        planInvoice(
                            input({
                                snapshot: snapshot(lines, {
                                    CurrencyIsoCode: currency,
                                    Invoice_Discount__c: documentDiscount
                                }),
                                rules: [TAX_RULE, DISCOUNT_RULE],
                                settings: settings({ pricesIncludeTax }),
                                itemIds: new Map(lines.map((l) => [l.Product2Id!, 'item']))
                            })
                        )
                    );
                    const discountType = plan.invoice.discount_type;
                    if (discountType !== 'item_level' && discountType !== 'entity_level')
                        throw new Error('the plan must say the discount level');
                    const zoho = computeTotals({
                        lines: plan.lines.map(({ body }) => ({
                            rate: body.rate!,
                            quantity: body.quantity!,
                            discount: asZoho(body.discount),
                            taxes: body.tax_id
                                ? [
                                      {
                                          taxId: body.tax_id,
                                          taxName: 'VAT',
                                          percentage: rates.get(body.tax_id)!
                                      }
                                  ]
                                : []
                        })),
                        discountType,
                        discount: asZoho(plan.invoice.discount),
                        isDiscountBeforeTax: plan.invoice.is_discount_before_tax === true,
                        isInclusiveTax: plan.invoice.is_inclusive_tax === true,
                        shippingCharge: 0,
                        adjustment: 0,
                        precision: plan.precision
                    });
                    expect(plan.expected).toEqual({
                        lineTotals: zoho.lines.map((l) => l.itemTotal),
                        subTotal: zoho.subTotal,
                        discountTotal: zoho.discountTotal,
                        taxTotal: zoho.taxTotal,
                        total: zoho.total
                    });
                }
            ),
            { numRuns: 500 }
        );
    });

    it('never throws on arbitrary rule text and conditions', () => {
        const objects = fc.constantFrom(
            'Opportunity',
            'OpportunityLineItem',
            'Account',
            'opportunity',
            'Contact'
        );
        const targets = fc.constantFrom('zoho_invoice', 'zoho_line_item', 'zoho_contact', 'x');
        const arbitraryRule = fc.record({
            name: fc.string(),
            sourceObject: objects,
            sourceField: fc.oneof(
                fc.string(),
                fc.constantFrom('Name', 'Account.Name', 'Product2.Tax_Category__c', '__proto__')
            ),
            targetObject: targets,
            targetField: fc.oneof(
                fc.string(),
                fc.constantFrom(
                    'discount',
                    'tax_name',
                    'billing_address.city',
                    'custom_fields.cf_a',
                    'notes',
                    '__proto__.x',
                    'constructor'
                )
            ),
            direction: fc.constantFrom('Salesforce_To_Zoho', 'Zoho_To_Salesforce', 'Both'),
            fieldOwner: fc.constant(null),
            condition: fc.option(fc.string(), { nil: null }),
            transform: fc.option(
                fc.oneof(fc.string(), fc.constantFrom('map:A=B', 'upper|trim', 'date')),
                { nil: null }
            ),
            sortOrder: fc.integer(),
            active: fc.boolean()
        }) as fc.Arbitrary<MappingRule>;
        fc.assert(
            fc.property(fc.array(arbitraryRule, { maxLength: 8 }), fc.boolean(), (rules, link) => {
                const plan = planInvoice(input({ rules, customerId: link ? 'cust-1' : null }));
                if (plan.kind === 'held') expect(plan.reasons.length).toBeGreaterThan(0);
                else expect(plan.lines).toHaveLength(2);
            }),
            { numRuns: 500 }
        );
    });
});
