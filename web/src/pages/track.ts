// Entry point of the customer's tracking page (`/track`).
import { render } from 'preact';
import { html } from 'htm/preact';
import { TrackPage } from '../customer/track-page.ts';

render(html`<${TrackPage} />`, document.getElementById('app')!);
