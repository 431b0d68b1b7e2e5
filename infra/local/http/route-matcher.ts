// Matches a request to the shared route table the way API Gateway does: 404 for an unknown path,
// 405 for a known path with another method.
import type { Route } from '#shared/api/routes.ts';

export type RouteMatch =
  | { kind: 'route'; route: Route; pathParameters: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'none' };

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

export function routeMatcher(routes: readonly Route[]) {
  const compiled: CompiledRoute[] = routes.map((route) => {
    const names: string[] = [];
    const source = route.path
      .split('/')
      .map((segment) => {
        const param = /^\{(\w+)\}$/.exec(segment);
        if (!param?.[1]) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
        names.push(param[1]);
        return '([^/]+)';
      })
      .join('/');
    return { route, pattern: new RegExp(`^${source}$`), names };
  });

  return (method: string, pathname: string): RouteMatch => {
    const candidates = compiled.flatMap((entry) => {
      const match = entry.pattern.exec(pathname);
      return match ? [{ entry, match }] : [];
    });
    if (candidates.length === 0) return { kind: 'none' };
    // Literal segments win over parameters, as in API Gateway ("/api/issues/search" before "/api/issues/{id}").
    const exact = candidates.filter(({ entry }) => entry.route.method === method);
    exact.sort((a, b) => a.entry.names.length - b.entry.names.length);
    const chosen = exact[0];
    if (!chosen) return { kind: 'wrong-method', allowed: [...new Set(candidates.map(({ entry }) => entry.route.method))] };
    const pathParameters: Record<string, string> = {};
    chosen.entry.names.forEach((name, index) => {
      pathParameters[name] = decodeURIComponent(chosen.match[index + 1] ?? '');
    });
    return { kind: 'route', route: chosen.entry.route, pathParameters };
  };
}
