import { LightningElement, api } from 'lwc';

/**
 * The head of a setup section: its title, an optional help line, and the section's state — a
 * spinner while it loads, the error panel when loading failed, the empty text when there is
 * nothing to show. The section's own content follows it.
 */
export default class ClosebooksSectionHead extends LightningElement {
    @api heading;
    /** One line under the title; none when unset. */
    @api help;
    @api loading = false;
    /** What loading failed with (any error `c-error-panel` reads); none when unset. */
    @api errors;
    @api empty = false;
    /** Shown while `empty` is true. */
    @api emptyText;
}
