// The console's entry: synthetic shadow (so SLDS's global styles reach inside components, as
// in Lightning Experience), then the console shell in the page's mount point.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import ConsoleApp from 'console/app';

// eslint-disable-next-line @lwc/lwc/no-document-query -- the page's entry mounts the shell
const mount = document.querySelector('#console');
mount.replaceChildren(createElement('console-app', { is: ConsoleApp }));
