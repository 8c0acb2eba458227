import { LightningElement } from 'lwc';

const TOAST_EVENT = 'lightning__showtoast';
const TOAST_MS = 6000;

/**
 * `#/Opportunity/006…` → `{ page: 'Opportunity', id: '006…' }`; empty → home. Links are written
 * `/console#/…`: LWC rewrites an href that starts with `#` as a scoped fragment id.
 */
function routeOf(hash) {
    const [page = 'home', id] = hash.replace(/^#\/?/, '').split('/');
    return { page: page || 'home', id };
}

/**
 * The console shell: a navigation bar, the page the URL's hash names (home, an Account or
 * Opportunity record page, the Closebooks setup app, the Zoho Books screens) and the toasts the
 * components raise.
 */
export default class App extends LightningElement {
    route = routeOf(window.location.hash);
    toasts = [];
    nextToast = 1;

    connectedCallback() {
        this.onHashChange = () => {
            this.route = routeOf(window.location.hash);
        };
        window.addEventListener('hashchange', this.onHashChange);
        this.template.addEventListener(TOAST_EVENT, (event) => this.showToast(event.detail));
    }

    disconnectedCallback() {
        window.removeEventListener('hashchange', this.onHashChange);
    }

    showToast(detail) {
        const variant = ['success', 'error', 'warning'].includes(detail?.variant)
            ? detail.variant
            : 'info';
        const toast = {
            key: this.nextToast++,
            title: detail?.title ?? '',
            message: detail?.message ?? '',
            className: `slds-notify slds-notify_toast slds-theme_${variant}`
        };
        this.toasts = [...this.toasts, toast];
        // eslint-disable-next-line @lwc/lwc/no-async-operation -- toasts close by themselves, as the platform's do
        setTimeout(() => this.dismiss(toast.key), TOAST_MS);
    }

    dismiss(key) {
        this.toasts = this.toasts.filter((t) => t.key !== key);
    }

    handleDismiss(event) {
        this.dismiss(Number(event.currentTarget.dataset.key));
    }

    get isHome() {
        return this.route.page === 'home';
    }

    get isRecordPage() {
        return ['Account', 'Opportunity'].includes(this.route.page) && Boolean(this.route.id);
    }

    get isSetup() {
        return this.route.page === 'setup';
    }

    get isZoho() {
        return this.route.page === 'zoho';
    }

    get objectApiName() {
        return this.route.page;
    }

    get recordId() {
        return this.route.id;
    }

    get navItems() {
        const current = this.route.page;
        return [
            {
                key: 'home',
                label: 'Home',
                href: '/console#/',
                active: current === 'home' || this.isRecordPage
            },
            {
                key: 'setup',
                label: 'Closebooks Setup',
                href: '/console#/setup',
                active: current === 'setup'
            },
            { key: 'zoho', label: 'Zoho Books', href: '/console#/zoho', active: current === 'zoho' }
        ].map((item) => ({
            ...item,
            className: `slds-context-bar__item${item.active ? ' slds-is-active' : ''}`,
            ariaCurrent: item.active ? 'page' : undefined
        }));
    }
}
