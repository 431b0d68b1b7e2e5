// Walks every state of an ASL definition, nested Parallel branches and Map processors included.
export type AslObject = Record<string, unknown>;

export interface AslMachine extends AslObject {
  StartAt: string;
  States: Record<string, AslObject>;
}

export interface VisitedState {
  name: string;
  state: AslObject;
  /** True for states inside a Map's processor, which can run concurrently with themselves. */
  insideMap: boolean;
}

export const isAslObject = (value: unknown): value is AslObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const nestedMachines = (state: AslObject): AslMachine[] => {
  if (state.Type === 'Parallel' && Array.isArray(state.Branches)) return state.Branches as AslMachine[];
  if (state.Type === 'Map') {
    const processor = state.ItemProcessor ?? state.Iterator;
    return isAslObject(processor) ? [processor as AslMachine] : [];
  }
  return [];
};

export const listStates = (machine: AslMachine, insideMap = false): VisitedState[] =>
  Object.entries(isAslObject(machine.States) ? machine.States : {}).flatMap(([name, state]) => [
    { name, state, insideMap },
    ...nestedMachines(state).flatMap((nested) => listStates(nested, insideMap || state.Type === 'Map')),
  ]);
