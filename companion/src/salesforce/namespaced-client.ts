import type { SalesforceClient } from './connection.ts';
import { SalesforceApiError } from './errors.ts';
import type { NamespaceTranslator } from './namespace.ts';

/** The same error with the namespace taken out of its message and fields. */
function localError(error: unknown, names: NamespaceTranslator): unknown {
    if (!(error instanceof SalesforceApiError) || error.constructor !== SalesforceApiError)
        return error;
    const message = error.message.startsWith(`${error.errorCode}: `)
        ? error.message.slice(error.errorCode.length + 2)
        : error.message;
    return new SalesforceApiError(error.errorCode, names.toLocalText(message), {
        ...(error.status === undefined ? {} : { status: error.status }),
        fields: error.fields.map(names.toLocalName),
        cause: error,
        retryable: error.retryable,
        code: error.code
    });
}

/**
 * The one place the package's names cross to and from a subscriber org: every request the
 * client sends has its path, SOQL and body prefixed, and every answer (records, nested
 * relationship records, `attributes`, save results, errors) comes back with local names, so
 * the flows only ever see `Zoho_Invoice__c`.
 */
export function namespacedClient(
    client: SalesforceClient,
    names: NamespaceTranslator
): SalesforceClient {
    if (!names.namespace) return client;
    return {
        apiVersion: client.apiVersion,
        usage: () => client.usage(),
        async request<T>(request: Parameters<SalesforceClient['request']>[0]): Promise<T> {
            try {
                const answer = await client.request<unknown>({
                    ...request,
                    path: names.toOrgPath(request.path),
                    ...(request.body === undefined ? {} : { body: names.toOrgBody(request.body) })
                });
                return names.toLocalBody(answer) as T;
            } catch (error) {
                throw localError(error, names);
            }
        }
    };
}
