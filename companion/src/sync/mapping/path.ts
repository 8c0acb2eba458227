function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(record: Readonly<Record<string, unknown>>, name: string): unknown {
    if (Object.hasOwn(record, name)) return record[name];
    const lower = name.toLowerCase();
    const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
    return key === undefined ? undefined : record[key];
}

/**
 * Case-insensitive dotted path through nested Salesforce-style records, e.g.
 * `Product2.Tax_Category__c`, `Opportunity.Account.BillingCountry`; missing → undefined.
 * Only own properties are read, so `constructor` or `__proto__` never reach the prototype.
 */
export function readPath(record: Readonly<Record<string, unknown>>, path: string): unknown {
    let current: unknown = record;
    for (const name of path.split('.')) {
        if (!isRecord(current)) return undefined;
        current = field(current, name);
    }
    return current;
}
