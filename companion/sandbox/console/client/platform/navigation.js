// `lightning/navigation` in the console: web pages open in a new tab, record pages are the
// console's own routes (`#/Account/001…`); other page references are not simulated.

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

function urlOf(pageReference) {
    const { type, attributes = {} } = pageReference ?? {};
    if (type === 'standard__webPage') return attributes.url;
    if (type === 'standard__recordPage') {
        return `/console#/${attributes.objectApiName}/${attributes.recordId}`;
    }
    return undefined;
}

export const NavigationMixin = (Base) =>
    class extends Base {
        [Navigate](pageReference) {
            const url = urlOf(pageReference);
            if (!url) return;
            if (url.startsWith('/console#')) window.location.hash = url.slice('/console'.length);
            else window.open(url, '_blank', 'noopener');
        }

        [GenerateUrl](pageReference) {
            return Promise.resolve(urlOf(pageReference));
        }
    };
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

/** Wire adapter: the console's current page reference (none: the console has no app router). */
export class CurrentPageReference {
    constructor(dataCallback) {
        this.dataCallback = dataCallback;
    }

    connect() {
        this.dataCallback({ type: 'standard__navItemPage', attributes: {}, state: {} });
    }

    disconnect() {}

    update() {}
}
