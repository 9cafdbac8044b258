/**
 * Where the operator console is served in AWS: a private S3 bucket (public access blocked,
 * encrypted, TLS only) behind CloudFront with origin access control, the console's security
 * headers (its CSP among them) as a response headers policy, and a CloudFront Function that
 * serves index.html for the single-page app's paths. The files are deployed by the console
 * stack (infra/console/ConsoleFilesStack.ts); the API allows CORS from `origin` only.
 */
import { Aws, CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { CorsHttpMethod, type CorsPreflightOptions } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { consoleBasePath, consoleCsp } from '../../console/csp.js';

export interface ConsoleSiteProps {
  /** Origins the console calls besides the API's execute-api domain (e.g. the API's custom domain). */
  readonly apiOrigins?: readonly string[];
}

/** Viewer requests: `/` and `/console` go to `/console/`; a path of the app (no file extension) gets index.html. */
const rewriteCode = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/' || uri === '${consoleBasePath.slice(0, -1)}') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '${consoleBasePath}' } } };
  }
  if (uri.indexOf('${consoleBasePath}') === 0 && uri.lastIndexOf('.') < uri.lastIndexOf('/')) {
    request.uri = '${consoleBasePath}index.html';
  }
  return request;
}`;

export class ConsoleSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution domain>`: the console's origin, which the API allows by default. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps = {}) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Only built files: nothing is lost with it, and every deploy puts them back.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const apiOrigins = [`https://*.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, ...(props.apiOrigins ?? [])];
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Jifen console: CSP and security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: consoleCsp(apiOrigins), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true }],
      },
    });
    const rewrite = new cloudfront.Function(this, 'Rewrite', {
      comment: 'Jifen console: index.html for the paths of the single-page app',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(rewriteCode),
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Jifen operator console',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        // Files keep the Cache-Control they were deployed with: assets a year, index.html and config.json none.
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [{ function: rewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    new CfnOutput(scope, 'ConsoleUrl', { value: `${this.origin}${consoleBasePath}` });
  }

  /** The API's CORS: the console's origin (or the one given), the methods and headers the console sends. */
  corsFor(consoleOrigin?: string): CorsPreflightOptions {
    return {
      allowOrigins: [consoleOrigin ?? this.origin],
      allowMethods: [
        CorsHttpMethod.GET,
        CorsHttpMethod.POST,
        CorsHttpMethod.PUT,
        CorsHttpMethod.PATCH,
        CorsHttpMethod.DELETE,
      ],
      allowHeaders: ['authorization', 'content-type', 'accept'],
      exposeHeaders: ['x-request-id', 'retry-after'],
      maxAge: Duration.hours(1),
    };
  }
}
