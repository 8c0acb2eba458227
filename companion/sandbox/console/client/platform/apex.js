// `@salesforce/apex` and every `@salesforce/apex/Class.method` import, in the console: each Apex
// method is a function that POSTs its parameters to the console's Apex stand-in route, and also a
// wire adapter (the `adapter` property), as the platform's Apex methods are.

/** The wire adapter that provisioned each value, so `refreshApex(value)` can run it again. */
const provisioners = new WeakMap();

/**
 * Calls one Apex method on the console's stand-in; rejects with the shape an
 * `AuraHandledException` has in a component: `{ status, statusText, body: { message } }`.
 * @param {string} name `Class.method`
 * @param {object} params the method's parameters by name
 */
export async function callApex(name, params) {
    const response = await fetch(`/console/apex/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params ?? {})
    });
    const body = await response.json().catch(() => ({ error: { message: response.statusText } }));
    // A failed action comes inside a 200 answer, as from the platform's Aura endpoint.
    const failure = response.ok ? body.error : (body.error ?? { message: response.statusText });
    if (failure) {
        const status = failure.status ?? response.status;
        // eslint-disable-next-line no-throw-literal -- the platform rejects Apex calls with a plain object
        throw { status, statusText: String(status), body: { message: failure.message } };
    }
    return body.result;
}

function hasUnsetValue(config) {
    return Object.values(config ?? {}).some((value) => value === undefined);
}

/**
 * One Apex method: call it imperatively, or `@wire` it (data and error provisioned, refreshable).
 * @param {string} name `Class.method`
 */
export function apexMethod(name) {
    const method = (params) => callApex(name, params);
    method.adapter = class ApexWireAdapter {
        constructor(dataCallback) {
            this.dataCallback = dataCallback;
            this.config = undefined;
            this.connected = false;
        }

        connect() {
            this.connected = true;
        }

        disconnect() {
            this.connected = false;
        }

        update(config) {
            this.config = config;
            return this.load();
        }

        async load() {
            // As on the platform, a wire whose reactive parameter is still unset waits for it.
            if (hasUnsetValue(this.config)) return;
            let value;
            try {
                value = { data: await callApex(name, this.config), error: undefined };
            } catch (error) {
                value = { data: undefined, error };
            }
            provisioners.set(value, this);
            if (this.connected) this.dataCallback(value);
        }
    };
    return method;
}

/**
 * Runs again the wire that provisioned `value` (what `@salesforce/apex`'s refreshApex does).
 * @param {object} value a value a wired Apex method provisioned
 */
export function refreshApex(value) {
    const adapter = value ? provisioners.get(value) : undefined;
    return adapter ? adapter.load() : Promise.resolve();
}

/**
 * A field's value from a record an Apex method returned.
 * @param {object} record the record
 * @param {{ fieldApiName: string } | string} field the schema import or the field name
 */
export function getSObjectValue(record, field) {
    const name = typeof field === 'string' ? field : field.fieldApiName;
    return name.split('.').reduce((value, part) => value?.[part], record);
}
