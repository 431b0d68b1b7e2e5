// Entry point of the staff console (`/staff`).
import { render } from 'preact';
import { html } from 'htm/preact';
import { ConsolePage } from '../console/console-page.ts';

render(html`<${ConsolePage} face="staff" />`, document.getElementById('app')!);
