/**
 * Turns whatever a wire adapter, an imperative Apex call or a fetch rejected with into a list of
 * readable messages: LDS and Apex errors nest them differently, and a page must never show
 * "[object Object]".
 * @param {unknown} errors one error or an array of them
 * @returns {string[]} messages, in order, without blanks
 */
export function reduceErrors(errors) {
    const list = Array.isArray(errors) ? errors : [errors];
    return list
        .filter((error) => error !== null && error !== undefined)
        .flatMap((error) => {
            if (typeof error === 'string') {
                return [error];
            }
            const body = error.body;
            if (Array.isArray(body)) {
                return body.map((entry) => entry.message);
            }
            if (body && Array.isArray(body.pageErrors) && body.pageErrors.length > 0) {
                return body.pageErrors.map((entry) => entry.message);
            }
            if (body && body.fieldErrors && Object.keys(body.fieldErrors).length > 0) {
                return Object.values(body.fieldErrors)
                    .flat()
                    .map((entry) => entry.message);
            }
            if (body && typeof body.message === 'string') {
                return [body.message];
            }
            if (typeof error.message === 'string') {
                return [error.message];
            }
            return [error.statusText];
        })
        .filter((message) => typeof message === 'string' && message.trim().length > 0);
}
