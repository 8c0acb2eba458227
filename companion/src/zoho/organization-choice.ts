import { AppError } from '../errors.ts';

/** An organization as `GET /organizations` lists it (only what the choice needs). */
export type ListedOrganization = { organization_id: string; is_default_org?: boolean | undefined };

/**
 * Invoices go to one chosen Zoho organization; with several joined and none chosen the flows
 * hold rather than pick one.
 */
export class ZohoOrganizationNotChosenError extends AppError {
    constructor(count: number) {
        super(
            'zoho_organization_not_chosen',
            `${count} Zoho Books organizations are connected and none is chosen for invoices: ` +
                'choose one in Closebooks setup (Zoho Books organization)',
            { retryable: false }
        );
    }
}

/**
 * Which organization a (re)connect makes the default: the one already chosen when the new token
 * still reaches it (a reconnect never overrides the administrator), else the one Zoho marks as
 * the user's default (`is_default_org`), else the only one; none when Zoho marks none (or more
 * than one) among several.
 */
export function organizationToChoose(
    listed: readonly ListedOrganization[],
    current: string | undefined
): string | undefined {
    if (current && listed.some((o) => o.organization_id === current)) return current;
    const marked = listed.filter((o) => o.is_default_org === true);
    if (marked.length === 1) return marked[0]?.organization_id;
    return listed.length === 1 ? listed[0]?.organization_id : undefined;
}

/**
 * The organization a flow without an explicit one works in: the chosen default, else the only
 * one joined; several and none chosen is refused (never an arbitrary one).
 */
export function organizationInUse<T extends { isDefault: boolean }>(
    organizations: readonly T[]
): T | undefined {
    const chosen = organizations.find((o) => o.isDefault);
    if (chosen) return chosen;
    if (organizations.length > 1) throw new ZohoOrganizationNotChosenError(organizations.length);
    return organizations[0];
}
