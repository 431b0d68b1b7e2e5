// The flows a manager can choose (GET /api/flows), asked once per page load: the process map and the
// figures both list them, and the list changes only with a deployment.
import { api } from '../api.ts';
import type { Localized } from '../i18n.ts';

export interface FlowSummary {
  flowId: string;
  name: Localized;
  version: number;
  available: boolean;
}

let asked: Promise<FlowSummary[]> | undefined;

export function flowList(): Promise<FlowSummary[]> {
  if (!asked) {
    asked = api<{ flows: FlowSummary[] }>('GET', '/api/flows', { auth: true }).then((response) => response.body.flows);
    // A refusal (a session that expired) is not kept: the next panel that asks asks again.
    asked.catch(() => {
      asked = undefined;
    });
  }
  return asked;
}
