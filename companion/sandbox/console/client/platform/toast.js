// `lightning/platformShowToastEvent` in the console: the event the platform's toast container
// listens for; the console shell shows it.

export const TOAST_EVENT = 'lightning__showtoast';

export class ShowToastEvent extends CustomEvent {
    constructor(toast) {
        super(TOAST_EVENT, { bubbles: true, composed: true, cancelable: true, detail: toast });
    }
}
