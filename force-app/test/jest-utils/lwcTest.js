import { createElement } from 'lwc';

/**
 * Helpers every component test shares (lwc-recipes style): settle the microtask queue after an
 * emit or a click, and empty the document between tests.
 */

/** Lets pending promises, wire emissions and the re-renders they cause settle. */
export async function flush() {
    for (let i = 0; i < 10; i += 1) {
        await Promise.resolve();
    }
}

/** Removes every element the test mounted, so the next test starts on an empty page. */
export function clearBody() {
    while (document.body.firstChild) {
        document.body.removeChild(document.body.firstChild);
    }
}

/**
 * Creates the component, sets its public properties and puts it on the page.
 * @param {string} tag e.g. `c-zoho-account-panel`
 * @param {Function} component the component's class
 * @param {object} [properties] public properties to set before it connects
 * @returns {HTMLElement} the mounted element
 */
export function mount(tag, component, properties = {}) {
    const element = createElement(tag, { is: component });
    Object.assign(element, properties);
    document.body.appendChild(element);
    return element;
}

/**
 * The shadow root of a child component in the element's own shadow root.
 * @param {HTMLElement} element the mounted component
 * @param {string} selector names the child, e.g. `c-closebooks-section-head`
 * @returns {ShadowRoot}
 */
export function childShadow(element, selector) {
    return element.shadowRoot.querySelector(selector).shadowRoot;
}
