// The generator's model of a flow, before it becomes ASL: its steps in order (departments working
// at once are a Parallel of branches), the few states of its own (a Choice, a Wait), and its
// description. build-flows.ts writes the ASL file from it and flow-picture.ts the flow's picture.
import type { FlowId } from '#shared/flows/catalog.ts';
import type { AslState, StepSpec } from './asl-builder.ts';

/** Departments working at once: one branch per department, each ending when its step is done. */
export interface ParallelSpec {
  parallel: string;
  branches: StepSpec[][];
  /** Decisions only: each branch's own routing and question counts end with the branch. */
  resultSelector: Record<string, string>;
  resultPath: string;
  next: string;
}

export interface FlowModel {
  flowId: FlowId;
  /** What the flow does, in a sentence or two (the ASL Comment, before its version). */
  comment: string;
  sequence: Array<StepSpec | ParallelSpec>;
  /** States of the flow's own that are not human steps (Choices on a step's result, Waits, Passes). */
  otherStates: Record<string, AslState>;
}

export const isParallel = (item: StepSpec | ParallelSpec): item is ParallelSpec => 'parallel' in item;

/** Every human step of the flow, in order (branches flattened). */
export const stepsOf = (model: FlowModel): StepSpec[] => model.sequence.flatMap((item) => (isParallel(item) ? item.branches.flat() : [item]));

/** The state that ends every flow (closeState in asl-builder.ts). */
export const closeStateName = 'Close the issue';
