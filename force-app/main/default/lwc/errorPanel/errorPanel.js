import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/closebooksUtils';
import titleLabel from '@salesforce/label/c.Closebooks_Error_Title';
import iconLabel from '@salesforce/label/c.Closebooks_Error_Icon';

/**
 * Shows what went wrong, in words a user can act on. Every Closebooks component routes its
 * failures here so errors look the same everywhere.
 */
export default class ErrorPanel extends LightningElement {
    /** Any error, or list of errors, as a wire adapter or Apex call delivers it. */
    @api errors;
    /** A heading that says what failed, e.g. "Zoho balance could not be loaded". */
    @api friendlyMessage = titleLabel;

    iconLabel = iconLabel;

    get messages() {
        return reduceErrors(this.errors).map((text, index) => ({ key: `message-${index}`, text }));
    }

    get hasMessages() {
        return this.messages.length > 0;
    }
}
