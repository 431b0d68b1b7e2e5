// The browser UI: a private S3 bucket behind CloudFront, which also routes `/api/*` to the HTTP API
// so the site and the API share one origin (no CORS).
import { existsSync, readdirSync } from 'node:fs';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { Duration } from 'aws-cdk-lib';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { edgeSecretHeader } from '#shared/http/client-address.ts';
import { frameOptions, policyText, referrerPolicy, siteContentSecurityPolicy, strictTransportSecurity } from '#shared/http/security-headers.ts';

/** CloudFront's enums hold the very strings of the shared definition: find the member, or fail the synth. */
function member<T extends string>(values: Record<string, T>, wanted: string): T {
  const found = Object.values(values).find((value) => value.toLowerCase() === wanted.toLowerCase());
  if (!found) throw new Error(`CloudFront has no value ${wanted}`);
  return found;
}

export interface WebSiteProps {
  /** The HTTP API's host name. */
  apiDomainName: string;
  /** Added to every request CloudFront forwards to the API (see shared/http/RATE-LIMITS.md). */
  edgeSecret: string;
  /** The built UI; deployed only when it exists and holds files, so synth works before a web build. */
  webDistDir: string;
  /** Where the consoles sign in (the Cognito user pool's API): allowed as a connect-src of the site's CSP. */
  signInOrigin: string;
}

// Page routes without an extension are their HTML file (/track → /track.html), as served locally.
const pageRoutes = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var lastSlash = uri.lastIndexOf('/');
  if (uri !== '/' && uri.indexOf('.', lastSlash) === -1) {
    request.uri = (uri.endsWith('/') ? uri.slice(0, -1) : uri) + '.html';
  }
  return request;
}`;

export class WebSite extends Construct {
  readonly distribution: Distribution;
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: WebSiteProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Content', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
    });

    // The site's pages and files carry the same security headers as locally (shared/http/security-headers.ts).
    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Baton site: CSP, frame, referrer and content-type protections (shared/http/security-headers.ts)',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: policyText(siteContentSecurityPolicy([props.signInOrigin])), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: member(HeadersFrameOption, frameOptions), override: true },
        referrerPolicy: { referrerPolicy: member(HeadersReferrerPolicy, referrerPolicy), override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(strictTransportSecurity.maxAgeSeconds),
          includeSubdomains: strictTransportSecurity.includeSubdomains,
          override: true,
        },
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new CloudFrontFunction(this, 'PageRoutes', {
              code: FunctionCode.fromInline(pageRoutes),
              runtime: FunctionRuntime.JS_2_0,
            }),
          },
        ],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(props.apiDomainName, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            // Overwrites any header of that name a client sends: only CloudFront can prove it forwarded the request.
            customHeaders: { [edgeSecretHeader]: props.edgeSecret },
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // API Gateway routes by its own Host header; the caller's headers (Authorization,
          // Idempotency-Key, Accept) go through, and so do CloudFront's own, CloudFront-Viewer-Address
          // included (the rate limits' client address).
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
    });

    if (existsSync(props.webDistDir) && readdirSync(props.webDistDir).length > 0) {
      new BucketDeployment(this, 'Deployment', {
        // Source maps stay private (the build writes them outside web/dist; a stale one is not uploaded either).
        sources: [Source.asset(props.webDistDir, { exclude: ['*.map', '**/*.map'] })],
        destinationBucket: this.bucket,
        distribution: this.distribution,
        distributionPaths: ['/*'],
      });
    }
  }

  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
