// `npm run data-model`: rewrites the generated part of docs/DATA-MODEL.md from the entity modules.
import { readFileSync, writeFileSync } from 'node:fs';
import { dataModelMarkers, renderDataModel } from '#shared/data/entities/data-model.ts';

const file = new URL('../../../docs/DATA-MODEL.md', import.meta.url);
const text = readFileSync(file, 'utf8');
const begin = text.indexOf(dataModelMarkers.begin);
const end = text.indexOf(dataModelMarkers.end);
if (begin < 0 || end < begin) throw new Error(`docs/DATA-MODEL.md lacks the markers ${dataModelMarkers.begin} … ${dataModelMarkers.end}`);
writeFileSync(file, text.slice(0, begin) + renderDataModel() + text.slice(end + dataModelMarkers.end.length));
console.log('docs/DATA-MODEL.md: generated part rewritten');
