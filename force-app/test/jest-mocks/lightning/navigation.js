/**
 * Shared mock of lightning/navigation (the lwc-recipes pattern): records the page reference a
 * component navigates to, read back with `getNavigateCalledWith()`.
 */
export const CurrentPageReference = jest.fn();

let lastPageReference;
const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

export const NavigationMixin = (Base) =>
    class extends Base {
        [Navigate](pageReference, replace) {
            lastPageReference = { pageReference, replace };
        }

        [GenerateUrl](pageReference) {
            return Promise.resolve(pageReference?.attributes?.url ?? 'https://www.example.com');
        }
    };
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

/** @returns {{pageReference: object, replace: boolean}|undefined} the last navigation */
export const getNavigateCalledWith = () => lastPageReference;

/** Forgets the last navigation; call from afterEach. */
export const resetNavigation = () => {
    lastPageReference = undefined;
};
