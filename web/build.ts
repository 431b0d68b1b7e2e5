// Bundles the browser UI (web/src) into web/dist: one page per face, each an HTML shell, a script
// and the shared stylesheet. Run by `npm run build:web` (and so before `npm start`) and by the
// browser tests. Files are written to a temporary name and renamed, so a server reading web/dist
// while another build runs never serves half a file. Source maps go to web/sourcemaps, never into
// web/dist: everything in web/dist is public (the local server and CloudFront serve all of it).
import { build } from 'esbuild';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
export const distDir = path.join(webRoot, 'dist');
/** For debugging only (load one into the browser's developer tools by hand); not served anywhere. */
export const sourceMapDir = path.join(webRoot, 'sourcemaps');

/** The four faces: the file name the local server maps each page route to, and its entry point. */
const pages = [
  { name: 'index', entry: 'src/pages/intake.ts', title: 'Baton' },
  { name: 'track', entry: 'src/pages/track.ts', title: 'Baton' },
  { name: 'staff', entry: 'src/pages/staff.ts', title: 'Baton' },
  { name: 'manager', entry: 'src/pages/manager.ts', title: 'Baton' },
] as const;

function htmlShell(page: (typeof pages)[number]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/styles.css">
<script type="module" src="/${page.name}.js"></script>
</head>
<body>
<div id="app"></div>
<noscript><p>Baton needs JavaScript in this browser. · Baton 需要浏览器启用 JavaScript。</p></noscript>
</body>
</html>
`;
}

function writeAtomically(file: string, contents: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

/** What a build read (its sources, the shared modules and packages it bundled) and what it wrote, as absolute paths. */
export interface WebBuild {
  inputs: string[];
  outputs: string[];
}

export async function buildWeb(): Promise<WebBuild> {
  const result = await build({
    absWorkingDir: webRoot,
    entryPoints: [...pages.map((page) => ({ in: page.entry, out: page.name })), { in: 'src/styles.css', out: 'styles' }],
    outdir: distDir,
    bundle: true,
    format: 'esm',
    // The process map's layout library (ELK) is a chunk of its own, loaded only for a flow version whose placement
    // workflows/map-placements.json does not hold (shared/domain/map-placement.ts).
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    minify: true,
    // External: no sourceMappingURL comment in the bundles, and the maps are written outside web/dist.
    sourcemap: 'external',
    legalComments: 'none',
    write: false,
    metafile: true,
    logLevel: 'warning',
  });
  const isMap = (file: string) => file.endsWith('.map');
  rmSync(sourceMapDir, { recursive: true, force: true });
  for (const file of result.outputFiles) {
    const target = isMap(file.path) ? path.join(sourceMapDir, path.relative(distDir, file.path)) : file.path;
    writeAtomically(target, file.contents);
  }
  for (const page of pages) writeAtomically(path.join(distDir, `${page.name}.html`), htmlShell(page));
  // Chunks are named by content: those of earlier builds are no longer referenced.
  const current = new Set(result.outputFiles.map((file) => file.path));
  const chunksDir = path.join(distDir, 'chunks');
  for (const name of readdirSync(chunksDir)) {
    const file = path.join(chunksDir, name);
    if ((!current.has(file) || isMap(file)) && !name.endsWith('.tmp')) rmSync(file, { force: true });
  }
  // Maps an earlier build (before maps moved out) left in web/dist would still be public.
  for (const name of readdirSync(distDir)) if (isMap(name)) rmSync(path.join(distDir, name), { force: true });
  return {
    inputs: Object.keys(result.metafile.inputs).map((input) => path.resolve(webRoot, input)),
    outputs: [...current].filter((file) => !isMap(file)).concat(pages.map((page) => path.join(distDir, `${page.name}.html`))),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildWeb();
  console.log(`Built the web UI into ${path.relative(process.cwd(), distDir) || distDir}`);
}
