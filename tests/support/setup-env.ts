// Quiet, deterministic environment for every test file.
import { afterAll } from 'vitest';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Test files share a worker process (vitest.config.ts, `isolate: false`): whatever a file sets in process.env is put
// back as it was once its tests have run, so no setting reaches the next file.
const environmentBefore = { ...process.env };
afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in environmentBefore)) delete process.env[name];
  Object.assign(process.env, environmentBefore);
});
