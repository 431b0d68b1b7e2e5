// Runs one CDK-built Lambda bundle the way the Lambda runtime does: imports its index.mjs and calls
// `handler` with the event (JSON, argv[3]); prints the result as JSON. Node only, no TypeScript:
// what runs here is exactly what CDK would upload.
import { pathToFileURL } from 'node:url';

const [, , bundle, event] = process.argv;
const { handler } = await import(pathToFileURL(bundle).href);
const result = await handler(JSON.parse(event), { awsRequestId: 'bundle-test', functionName: 'bundle-test', getRemainingTimeInMillis: () => 10_000 });
process.stdout.write(`\n${JSON.stringify(result ?? null)}\n`);
