import { Hono } from 'hono';

import { scope } from '../api.ts';
import type { ApiEnv, SandboxDeps } from '../deps.ts';
import { zohoErrors } from '../errors.ts';
import type { OrgData, User } from '../state.ts';
import { formatZohoTime } from '../time.ts';
import { ok } from './common.ts';

const PLAN_NAMES = {
    free: 'Free',
    standard: 'Standard',
    professional: 'Professional',
    premium: 'Premium',
    elite: 'Elite',
    ultimate: 'Ultimate'
};

/**
 * Whether the organization is the user's default one (`is_default_org`): Zoho marks exactly one
 * per user; here the first organization the user joined.
 */
export function isDefaultOrgOf(user: User | undefined, organizationId: string): boolean {
    return user !== undefined && [...user.orgIds][0] === organizationId;
}

export function renderOrganization(data: OrgData, isDefault: boolean) {
    const org = data.org;
    const currency = data.currencies.get(org.currency_id);
    return {
        organization_id: org.organization_id,
        name: org.name,
        contact_name: org.name,
        email: org.email,
        is_default_org: isDefault,
        plan_type: Object.keys(PLAN_NAMES).indexOf(org.plan),
        plan_name: PLAN_NAMES[org.plan],
        plan_period: 'yearly',
        tax_group_enabled: true,
        language_code: 'en',
        fiscal_year_start_month: 0,
        account_created_date: formatZohoTime(org.created, org.utcOffsetMinutes).slice(0, 10),
        time_zone: org.time_zone,
        is_org_active: true,
        currency_id: org.currency_id,
        currency_code: currency?.currency_code ?? '',
        currency_symbol: currency?.currency_symbol ?? '',
        currency_format: currency?.currency_format ?? '',
        price_precision: currency?.price_precision ?? 2,
        country_code: org.edition.toUpperCase(),
        date_format: 'yyyy-MM-dd'
    };
}

/** `GET /organizations` (no organization_id, no page_context) and `GET /organizations/{id}`. */
export function organizationRoutes(deps: SandboxDeps) {
    return new Hono<ApiEnv>()
        .get('/organizations', scope('settings', 'READ'), (c) => {
            const user = deps.state.users.get(c.get('token').userId);
            const orgs = [...(user?.orgIds ?? [])]
                .map((id) => deps.state.orgs.get(id))
                .filter((d): d is OrgData => d !== undefined && d.org.dc === c.get('dc'))
                .map((d) => renderOrganization(d, isDefaultOrgOf(user, d.org.organization_id)));
            return ok(c, 'success', { organizations: orgs });
        })
        .get('/organizations/:organization_id', scope('settings', 'READ'), (c) => {
            const data = c.get('data');
            if (c.req.param('organization_id') !== data.org.organization_id)
                throw zohoErrors.notFound('Organization');
            const user = deps.state.users.get(c.get('token').userId);
            return ok(c, 'success', {
                organization: renderOrganization(
                    data,
                    isDefaultOrgOf(user, data.org.organization_id)
                )
            });
        });
}
