// CDK assertions: CloudFront sends the site's security headers, built from the one shared
// definition the local server uses (shared/http/security-headers.ts).
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { WebSite } from '#infra/aws/web-site.ts';
import { contentSecurityPolicy, policyText, siteContentSecurityPolicy, siteSecurityHeaders } from '#shared/http/security-headers.ts';

const signInOrigin = 'https://cognito-idp.eu-west-1.amazonaws.com';

function synthesize(): Template {
  const stack = new Stack(new App(), 'WebSiteOnly');
  // No built UI in this folder: the site is synthesized without its deployment.
  new WebSite(stack, 'Web', { apiDomainName: 'api.example.com', edgeSecret: 'test-secret', webDistDir: path.join(import.meta.dirname, 'no-such-dist'), signInOrigin });
  return Template.fromStack(stack);
}

describe('the site’s response headers policy', () => {
  const template = synthesize();

  it('carries the shared Content-Security-Policy, frame, referrer, nosniff and HSTS headers, overriding the origin', () => {
    // The consoles sign in at the user pool's API, straight from the browser: only that origin is added, to connect-src.
    const onAws = policyText(siteContentSecurityPolicy([signInOrigin]));
    expect(onAws).toContain(`connect-src 'self' ${signInOrigin}`);
    expect(onAws.replace(` ${signInOrigin}`, '')).toBe(policyText(contentSecurityPolicy));
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: onAws, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: siteSecurityHeaders['X-Frame-Options'], Override: true },
          ReferrerPolicy: { ReferrerPolicy: siteSecurityHeaders['Referrer-Policy'], Override: true },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true }),
        },
      }),
    });
  });

  it('the policy is strict: no inline script, no plug-ins, no framing, no base or foreign form targets', () => {
    const csp = policyText(contentSecurityPolicy);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('the site’s default behaviour uses it', () => {
    const policies = Object.keys(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    expect(policies).toHaveLength(1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ResponseHeadersPolicyId: { Ref: policies[0] } }),
      }),
    });
  });
});
