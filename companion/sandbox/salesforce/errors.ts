import { AppError } from '../../src/errors.ts';

/** One entry of Salesforce's error array: top-level bodies use `errorCode`. */
export type ApiErrorItem = { message: string; errorCode: string; fields?: string[] };

/** One entry inside a per-record result (SaveResult, collections): `statusCode`, not `errorCode`. */
export type RecordError = { statusCode: string; message: string; fields: string[] };

/**
 * An error the simulated org answers with, carrying the HTTP status and Salesforce's own
 * `errorCode` (reference §A.8). Routes turn it into `[{"message","errorCode","fields"}]`.
 */
export class SalesforceError extends AppError {
    readonly status: number;
    readonly errorCode: string;
    readonly fields: string[];

    constructor(
        errorCode: string,
        message: string,
        options: { status?: number; fields?: string[] } = {}
    ) {
        super(errorCode.toLowerCase(), message);
        this.errorCode = errorCode;
        this.status = options.status ?? 400;
        this.fields = options.fields ?? [];
    }

    toBody(): ApiErrorItem[] {
        return [{ message: this.message, errorCode: this.errorCode, fields: this.fields }];
    }

    toRecordError(): RecordError {
        return { statusCode: this.errorCode, message: this.message, fields: this.fields };
    }
}

export const invalidSession = () =>
    new SalesforceError('INVALID_SESSION_ID', 'Session expired or invalid', { status: 401 });

export const notFound = (message = 'The requested resource does not exist') =>
    new SalesforceError('NOT_FOUND', message, { status: 404 });

/** A SOQL feature the simulator does not implement: refused loudly, never ignored. */
export const unsupported = (construct: string) =>
    new SalesforceError(
        'MALFORMED_QUERY',
        `The Salesforce sandbox does not support ${construct} in SOQL`,
        { status: 400 }
    );

/**
 * Platform-event publishes succeed with an `OPERATION_ENQUEUED` entry carrying the event UUID
 * (reference §A.10); ordinary records have no errors.
 */
export function enqueuedErrors(record: Readonly<Record<string, unknown>>): RecordError[] {
    return typeof record.EventUuid === 'string'
        ? [{ statusCode: 'OPERATION_ENQUEUED', message: record.EventUuid, fields: [] }]
        : [];
}
