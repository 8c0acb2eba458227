import { customFieldDefinitionsResponseSchema } from '../schemas/responses.ts';
import type { CustomFieldDefinition } from '../schemas/settings.ts';
import { call, type CallOptions, type ResourceContext } from './common.ts';

/** The modules whose custom fields the client reads. */
export type CustomFieldEntity = 'invoice' | 'contact';

/** The organization's custom field definitions (`GET /settings/fields`, scope settings.READ). */
export function customFieldsResource(ctx: ResourceContext) {
    return {
        async list(
            entity: CustomFieldEntity,
            options?: CallOptions
        ): Promise<CustomFieldDefinition[]> {
            const { data } = await call(
                ctx,
                {
                    method: 'GET',
                    path: '/settings/fields',
                    query: { entity, filter_custom_fields: true },
                    schema: customFieldDefinitionsResponseSchema
                },
                options
            );
            return data.fields;
        }
    };
}
