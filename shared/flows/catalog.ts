// The flow list, defined once: a flow id is also the issue form's category and the ASL file name
// (workflows/<flowId>.asl.json).

export const flowIds = ['product-defect', 'delivery-delay', 'billing-dispute', 'service-request'] as const;
export type FlowId = (typeof flowIds)[number];

export const flowNames: Record<FlowId, { zh: string; en: string }> = {
  'product-defect': { zh: '产品缺陷', en: 'Product defect' },
  'delivery-delay': { zh: '交付延误', en: 'Delivery delay' },
  'billing-dispute': { zh: '账单争议', en: 'Billing dispute' },
  'service-request': { zh: '服务请求', en: 'Service request' },
};

/** Baton's version of each flow (ASL's top-level `Version` is the language version, not this). */
export const flowVersions: Record<FlowId, number> = {
  'product-defect': 3,
  'delivery-delay': 4,
  'billing-dispute': 3,
  'service-request': 3,
};
