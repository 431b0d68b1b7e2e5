// Entry point of the customer form (`/`).
import { render } from 'preact';
import { html } from 'htm/preact';
import { IntakePage } from '../customer/intake-page.ts';

render(html`<${IntakePage} />`, document.getElementById('app')!);
