// Each flow's usual path as customer and staff walk it: every step takes its first (usual forward)
// outcome, as workflows/README.md orders them; the same people and fields as tests/integration/flows.
import type { FlowId } from '#shared/flows/catalog.ts';

export type Staff = 'sales' | 'production' | 'service' | 'manager';

export interface UsualStep {
  step: string;
  as: Staff;
  outcome: string;
  fields: Record<string, unknown>;
}

export const usualPaths: Record<FlowId, UsualStep[]> = {
  'product-defect': [
    { step: 'triage', as: 'service', outcome: 'confirmed_defect', fields: { findings: 'Bearing worn out' } },
    { step: 'remedy', as: 'sales', outcome: 'replacement', fields: { offer: 'A new pump, shipped this week' } },
    { step: 'root-cause', as: 'production', outcome: 'root_cause_found', fields: { rootCause: 'Supplier bearing batch 42', correctiveAction: 'Batch recalled' } },
    { step: 'replacement', as: 'production', outcome: 'shipped', fields: { shipmentRef: 'SF-1001', expectedDelivery: '2026-12-01' } },
    { step: 'confirm', as: 'service', outcome: 'resolved', fields: { confirmation: 'Pump works again' } },
  ],
  'delivery-delay': [
    { step: 'verify-order', as: 'sales', outcome: 'order_verified', fields: { orderStatus: 'In production, line 3', promisedDate: '2026-05-01' } },
    // A new date already past: the flow's wait for 12:00 UTC on that date ends at once (still one transition).
    { step: 'replan', as: 'production', outcome: 'replanned', fields: { newDate: '2026-05-20', plan: 'Moved to line 1' } },
    { step: 'inform-date', as: 'sales', outcome: 'customer_informed', fields: { message: 'Your order arrives on 20 May' } },
    { step: 'follow-up', as: 'service', outcome: 'delivered', fields: { feedback: 'Arrived, all good' } },
  ],
  'billing-dispute': [
    // At most 1,000: no manager approval on the usual path.
    { step: 'review', as: 'sales', outcome: 'credit', fields: { amount: 400, explanation: 'Double charge confirmed' } },
    { step: 'inform-decision', as: 'service', outcome: 'customer_informed', fields: { message: 'A credit of 400 is on its way' } },
  ],
  'service-request': [
    { step: 'schedule', as: 'service', outcome: 'visit_scheduled', fields: { visitDate: '2026-04-02', technician: 'Zhang' } },
    { step: 'site-visit', as: 'service', outcome: 'fixed_on_site', fields: { work: 'Replaced a fuse' } },
    { step: 'complete', as: 'service', outcome: 'customer_confirmed', fields: { confirmation: 'Runs quietly now' } },
  ],
};
