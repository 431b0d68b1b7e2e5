// The data model document and the entity modules cannot drift apart, and each Query finds the items
// where their builders put them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accessPatterns, dataModelMarkers, listedKeys, renderDataModel } from '#shared/data/entities/data-model.ts';
import { indexes } from '#shared/data/entities/indexes.ts';
import { createTableInput } from '#shared/data/table-definition.ts';

describe('the data model', () => {
  it('docs/DATA-MODEL.md holds exactly what the entity modules say (npm run data-model rewrites it)', () => {
    // Prepare
    const text = readFileSync(new URL('../../docs/DATA-MODEL.md', import.meta.url), 'utf8');
    // Act
    const documented = text.slice(text.indexOf(dataModelMarkers.begin), text.indexOf(dataModelMarkers.end) + dataModelMarkers.end.length);
    // Assess
    expect(documented).toBe(renderDataModel());
  });

  it('every index Query reads the partition and sort keys the item builders write', () => {
    for (const pattern of accessPatterns.filter((candidate) => candidate.access.index)) {
      const { partition, sort } = listedKeys(pattern);
      expect(partition, pattern.pattern).toBe(pattern.access.partition);
      if (pattern.access.beginsWith) expect(sort.startsWith(pattern.access.beginsWith), pattern.pattern).toBe(true);
    }
  });

  it('serves every index with at least one documented access pattern, and the table defines exactly those indexes', () => {
    const used = new Set(accessPatterns.map((pattern) => pattern.access.index?.indexName));
    expect(Object.values(indexes).every((index) => used.has(index.indexName))).toBe(true);
    expect(createTableInput('baton').GlobalSecondaryIndexes.map((index) => index.IndexName)).toEqual(Object.values(indexes).map((index) => index.indexName));
  });
});
