// The browser security headers, defined once: the local static server and every API response
// (local and on Lambda) send them, and on AWS CloudFront's response headers policy is built from
// the same values (infra/aws/web-site.ts).

/**
 * The site's Content-Security-Policy: scripts, styles and connections only from the site's own
 * origin, no inline script, no plug-ins, not framed by anyone. `img-src data:` is for the empty
 * favicon (`<link rel="icon" href="data:,">`) that keeps browsers from asking for /favicon.ico.
 * Preact sets `style=` through the CSSOM, which style-src does not block, so no 'unsafe-inline'.
 */
export const contentSecurityPolicy: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The site's policy where the browser signs in somewhere else: on AWS the consoles call the Cognito
 * user pool's endpoint directly (GET /api/auth/config names it), so that origin joins connect-src.
 */
export const siteContentSecurityPolicy = (signInOrigins: readonly string[] = []): Readonly<Record<string, readonly string[]>> => ({
  ...contentSecurityPolicy,
  'connect-src': [...(contentSecurityPolicy['connect-src'] ?? []), ...signInOrigins],
});

/** An API response is data, never a page: it may load nothing and be framed by no one. */
export const apiContentSecurityPolicy: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export const policyText = (policy: Readonly<Record<string, readonly string[]>>) =>
  Object.entries(policy)
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join('; ');

/** Values CloudFront's policy takes one by one; the header sets below are made of them. */
export const referrerPolicy = 'no-referrer';
export const frameOptions = 'DENY';
/** Two years, subdomains included: the site is only ever served over HTTPS on AWS. */
export const strictTransportSecurity = { maxAgeSeconds: 63_072_000, includeSubdomains: true } as const;

/** Headers every page and static file of the site carries. */
export const siteSecurityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': policyText(contentSecurityPolicy),
  'Referrer-Policy': referrerPolicy,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': frameOptions,
};

/** Headers every API response carries, errors included. */
export const apiSecurityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': policyText(apiContentSecurityPolicy),
  'Referrer-Policy': referrerPolicy,
  'X-Content-Type-Options': 'nosniff',
};
