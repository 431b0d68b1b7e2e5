// Where the manager's process map places each flow's own boxes is recorded once per flow version
// (workflows/map-placements.json, by `npm run flows`) rather than computed by ELK in every manager's
// browser on every load: the record must be ELK's own result, and it is used only for the map it fits.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { placedNodes, recordedPlacement } from '#shared/domain/map-placement.ts';
import { buildProcessMap } from '#shared/domain/process-map.ts';
import { readableMap } from '#shared/domain/readable-map.ts';
import type { AslDefinition } from '#shared/flows/asl.ts';
import { flowIds, flowVersions } from '#shared/flows/catalog.ts';
import { flowFiles, mapPlacements, mapPlacementsFile } from '../../workflows/build-flows.ts';

const recorded = JSON.parse(readFileSync(mapPlacementsFile, 'utf8'));
const definitions = new Map(flowFiles().map(({ flowId, text }) => [flowId, JSON.parse(text) as AslDefinition]));
const graphOf = (flowId: (typeof flowIds)[number]) => buildProcessMap({ flowId, version: flowVersions[flowId] }, definitions.get(flowId)!);
const mapOf = (flowId: (typeof flowIds)[number]) => ({
  ...readableMap(graphOf(flowId), { steps: {}, active: [], now: '2026-03-02T12:00:00.000Z' }),
  version: flowVersions[flowId],
});

describe('the recorded placement of each flow’s boxes on the process map', () => {
  it('is what ELK places for each flow’s current version (`npm run flows` writes it: run it and commit when this fails)', async () => {
    expect(recorded).toEqual(await mapPlacements());
  });

  it('serves the map of every flow’s current version, whatever waits on it now', () => {
    for (const flowId of flowIds) {
      // A rerouted step and the decisions boxes are not placed by ELK: what waits now changes nothing recorded.
      const busy = readableMap(graphOf(flowId), {
        steps: {},
        active: [{ step: mapOf(flowId).nodes.find((node) => node.kind === 'step')!.step!, department: 'management', status: 'open', createdAt: '2026-03-02T11:00:00.000Z', dueAt: '2026-03-02T13:00:00.000Z' }],
        now: '2026-03-02T12:00:00.000Z',
      });
      expect(busy.nodes.some((node) => node.homeDepartment), flowId).toBe(true);
      expect(recordedPlacement(recorded, { ...busy, version: flowVersions[flowId] }), flowId).toEqual(recorded[flowId].boxes);
    }
  });

  it('is not used for another version, nor for a map with other boxes: the page then runs ELK itself', () => {
    const map = mapOf('product-defect');
    expect(recordedPlacement(recorded, map)).toBeDefined();
    expect(recordedPlacement(recorded, { ...map, version: map.version + 1 })).toBeUndefined();
    const [, ...fewer] = placedNodes(map);
    expect(recordedPlacement(recorded, { ...map, nodes: fewer })).toBeUndefined();
    expect(recordedPlacement({}, map)).toBeUndefined();
  });
});
