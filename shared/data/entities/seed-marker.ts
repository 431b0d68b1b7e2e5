// The local runtime's marker that a data folder's demo issues were submitted (infra/local/seed-demo.ts).
export const seedMarkerEntity = {
  name: 'seedMarker',
  key: () => ({ pk: 'SEED#DEMO', sk: 'SEED' }),
};
