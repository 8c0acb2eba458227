// The console's entry: synthetic shadow (so SLDS's global styles reach inside components, as
// in Lightning Experience), then the console shell.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import ConsoleApp from 'console/app';

document
    .querySelector('#console')
    .replaceChildren(createElement('console-app', { is: ConsoleApp }));
