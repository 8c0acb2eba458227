import { AppError } from '../../src/errors.ts';

export type ConsoleErrorCode =
    'console_build_failed' | 'console_not_found' | 'console_refused' | 'console_unknown_apex';

/** A failure of the sandbox console (its build, its Apex stand-ins or its Zoho screens). */
export class ConsoleError extends AppError {
    constructor(code: ConsoleErrorCode, message: string) {
        super(code, message);
    }
}
