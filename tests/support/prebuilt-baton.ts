// `npm start`'s entry point and every handler, bundled once per version of their sources, so that a process test
// starts Baton from one bundle instead of having tsx transpile and Node resolve a thousand files at every start
// (tests/README.md, "Time"). The code is the same; only its loading differs:
// - each module keeps its own `import.meta.url` (its source file's), so paths derived from it (the project root,
//   the DynamoDB Local launcher, the workflows folder) are those of `npm start`;
// - `infra/local/lambda/import-entry.ts`, the one place a handler is imported by its path, becomes a table of the
//   bundled handlers, which share the runtime's modules (one clock, one configuration) as under tsx;
// - npm packages are bundled too, as the Lambda bundles on AWS are (infra/aws/baton-function.ts).
// `npm start` itself still runs through tsx, and process-lifecycle.test.ts starts it that way once.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, version as esbuildVersion, type Plugin } from 'esbuild';
import { buildCacheFolder } from '#infra/local/build-cache.ts';
import { projectRoot } from '#infra/local/lambda/load-handler.ts';
import { routes } from '#shared/api/routes.ts';
import { stepLambdas } from '#shared/flows/step-lambdas.ts';
import { scheduledLambdas } from '#shared/scheduled-lambdas.ts';

const mainEntry = path.join(projectRoot, 'infra/local/main.ts');
const importEntryFile = path.join(projectRoot, 'infra/local/lambda/import-entry.ts');
/** What the bundle is made of: a change to any file here is a new bundle. */
const sourceFolders = ['infra/local', 'shared', 'functions'];
/** Raise when the bundle's shape changes without a source change (the options below). */
const bundleFormat = 4;
/** A bundle nobody has built for this long belongs to an older version of the sources. */
const staleAfterMs = 24 * 60 * 60 * 1000;

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return /\.(ts|json|java)$/.test(entry.name) ? [full] : [];
  });
}

/** Every module the runtime loads by its path: the route table's handlers and the flows' step Lambdas. */
const handlerEntries = (): string[] =>
  [...new Set([...routes.map((route) => route.entry), ...[...Object.values(stepLambdas), ...Object.values(scheduledLambdas)].map((lambda) => lambda.entry)])].map((entry) => path.join(projectRoot, entry));

/**
 * A hash of every source the bundle reads, of package.json (its `imports` aliases), of the bundler's version and of
 * the project's folder: the bundle holds each module's `import.meta.url`, so a bundle copied with node_modules from
 * another clone or worktree would run with that clone's paths (its workflows, its data folders).
 */
function sourceHash(): string {
  const hash = createHash('sha256').update(`${bundleFormat} ${esbuildVersion} ${projectRoot}\n`);
  hash.update(readFileSync(path.join(projectRoot, 'package.json')));
  for (const file of sourceFolders.flatMap((folder) => filesUnder(path.join(projectRoot, folder))).sort()) {
    hash.update(`\n${path.relative(projectRoot, file)}\n`).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

const asUnderNpmStart: Plugin = {
  name: 'as-under-npm-start',
  setup(bundler) {
    bundler.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      if (args.path === importEntryFile) {
        const table = handlerEntries().map((file) => `  ${JSON.stringify(pathToFileURL(file).href)}: () => import(${JSON.stringify(file)}),`);
        return {
          loader: 'ts',
          contents: [
            'const bundled: Record<string, () => Promise<unknown>> = {',
            ...table,
            '};',
            'export const importEntry = async (fileUrl: string): Promise<unknown> => {',
            '  const load = bundled[fileUrl];',
            '  if (!load) throw new Error(`${fileUrl} is not a handler of the prebuilt bundle (tests/support/prebuilt-baton.ts bundles the entries of shared/api/routes.ts, shared/flows/step-lambdas.ts and shared/scheduled-lambdas.ts).`);',
            '  return load();',
            '};',
          ].join('\n'),
        };
      }
      const source = readFileSync(args.path, 'utf8');
      return { loader: 'ts', contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)) };
    });
  },
};

async function bundleInto(folder: string): Promise<void> {
  await build({
    entryPoints: [mainEntry, ...handlerEntries()],
    outbase: projectRoot,
    outdir: folder,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // CommonJS packages in an ES module bundle still call require() for Node's own modules (as the Lambda bundles do).
    banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
    plugins: [asUnderNpmStart],
    logLevel: 'error',
  });
  // Node looks for a module's package.json no further up than node_modules, so without this one it found no "type"
  // for the bundle's files and read every chunk's source as a string to detect ES module syntax: 7 MB at each start
  // of Baton as a process (0.5 s of its CPU at load ~15, tests/README.md "kill -9 rounds").
  writeFileSync(path.join(folder, 'package.json'), '{ "type": "module" }\n');
}

let built: Promise<string> | undefined;

/** The pid in a build lock, if that process still runs (a worker killed mid-build leaves its lock behind). */
const liveHolder = (lock: string): boolean => {
  try {
    process.kill(Number(readFileSync(lock, 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Builds the bundle unless another test worker is building the same version (its pid in `<folder>.lock`), in
 * which case this one waits for it: both workers of a run often start a process test at once.
 */
async function buildOnce(cache: string, folder: string, main: string): Promise<void> {
  const lock = `${folder}.lock`;
  for (;;) {
    if (existsSync(main)) return;
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      if (liveHolder(lock)) await new Promise((resolve) => setTimeout(resolve, 200));
      else rmSync(lock, { force: true });
    }
  }
  try {
    const building = `${folder}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    await bundleInto(building);
    try {
      renameSync(building, folder);
    } catch (error) {
      // Built twice (a lock taken over as stale while its holder was finishing): the first copy stands.
      rmSync(building, { recursive: true, force: true });
      if (!existsSync(main)) throw error;
    }
  } finally {
    rmSync(lock, { force: true });
  }
  for (const other of readdirSync(cache)) {
    const otherPath = path.join(cache, other);
    if (otherPath !== folder && Date.now() - statSync(otherPath).mtimeMs > staleAfterMs) rmSync(otherPath, { recursive: true, force: true });
  }
}

/** The bundled `infra/local/main.ts`, built on first use and kept in node_modules/.cache under its source hash. */
export function prebuiltMain(): Promise<string> {
  built ??= (async () => {
    const cache = buildCacheFolder('baton-prebuilt');
    const folder = path.join(cache, sourceHash());
    const main = path.join(folder, 'infra/local/main.js');
    mkdirSync(cache, { recursive: true });
    await buildOnce(cache, folder, main);
    return main;
  })();
  return built;
}
