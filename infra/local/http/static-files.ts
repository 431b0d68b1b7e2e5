// Serves the browser UI (web/dist, built by esbuild) with page routes for each face.
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { siteSecurityHeaders } from '#shared/http/security-headers.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
};

/** Page routes without an extension map to their HTML file: /track → track.html. */
const pageAliases: Record<string, string> = { '/': '/index.html', '/track': '/track.html', '/staff': '/staff.html', '/manager': '/manager.html' };

export async function serveStatic(root: string, pathname: string, response: ServerResponse): Promise<boolean> {
  const wanted = pageAliases[pathname] ?? pathname;
  // Source maps are never public (the build keeps them out of web/dist; this holds for stale ones too).
  if (wanted.endsWith('.map')) return false;
  const file = path.resolve(root, `.${path.posix.normalize(wanted)}`);
  if (!file.startsWith(path.resolve(root) + path.sep)) return false;
  try {
    if (!(await stat(file)).isFile()) return false;
  } catch {
    return false;
  }
  const body = await readFile(file);
  response.writeHead(200, {
    'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-cache',
    ...siteSecurityHeaders,
  });
  response.end(body);
  return true;
}
