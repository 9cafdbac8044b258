/**
 * The operator console in the CDK app: a private, encrypted, TLS-only bucket behind CloudFront
 * with origin access control and the console's CSP, the API's CORS limited to the console's
 * origin, and the files deployed with their caching (a placeholder when the console is not built).
 * Lambda bundling is skipped: these tests read the template only.
 */
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/buildApp.js';

const context = { stage: 'test', emailSender: 'no-reply@shop.example', 'aws:cdk:bundling-stacks': [] };

function synth(extra: Record<string, unknown> = {}) {
  const { stateless, consoleFiles } = buildApp(new App({ context: { ...context, ...extra } }));
  return { stateless: Template.fromStack(stateless), files: Template.fromStack(consoleFiles), consoleFiles };
}

type Resource = { Properties: Record<string, unknown> };

describe('the operator console in AWS', () => {
  const { stateless, files } = synth({ consoleAssets: '/nonexistent/console-build' });

  it('keeps its files in a bucket with public access blocked, encrypted, and TLS only', () => {
    stateless.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    const statements = Object.values(stateless.findResources('AWS::S3::BucketPolicy')).flatMap(
      (policy) =>
        (policy as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties
          .PolicyDocument.Statement,
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    // Only CloudFront, for this distribution, may read it.
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
      }),
    );
  });

  it('serves them through CloudFront with origin access control, HTTPS only, and the console’s CSP', () => {
    stateless.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    stateless.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: [
          Match.objectLike({
            OriginAccessControlId: Match.anyValue(),
            S3OriginConfig: { OriginAccessIdentity: '' },
          }),
        ],
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          ResponseHeadersPolicyId: Match.anyValue(),
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
      }),
    });
    const policy = Object.values(
      stateless.findResources('AWS::CloudFront::ResponseHeadersPolicy'),
    )[0] as Resource;
    const csp = JSON.stringify(
      (
        policy.Properties.ResponseHeadersPolicyConfig as {
          SecurityHeadersConfig: { ContentSecurityPolicy: unknown };
        }
      ).SecurityHeadersConfig.ContentSecurityPolicy,
    );
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('execute-api');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const rewrite = Object.values(stateless.findResources('AWS::CloudFront::Function'))[0] as Resource;
    expect(String(rewrite.Properties.FunctionCode)).toContain("request.uri = '/console/index.html'");
  });

  it('lets the API answer CORS for the console’s CloudFront origin only, by default', () => {
    const api = Object.values(stateless.findResources('AWS::ApiGatewayV2::Api'))[0] as Resource;
    const cors = api.Properties.CorsConfiguration as { AllowOrigins: unknown[]; AllowHeaders: string[] };
    expect(cors.AllowOrigins).toHaveLength(1);
    expect(JSON.stringify(cors.AllowOrigins[0])).toMatch(/https:\/\/.*DomainName/);
    expect(cors.AllowHeaders).toEqual(expect.arrayContaining(['authorization', 'content-type']));
  });

  it('lets the API answer CORS for the origin given as context consoleOrigin', () => {
    const { stateless: other } = synth({ consoleOrigin: 'https://console.shop.example' });
    other.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://console.shop.example'] }),
    });
  });

  it('deploys the files: assets cached a year, index.html and config.json (the API’s URL) never, index.html invalidated', () => {
    const deployments = Object.values(files.findResources('Custom::CDKBucketDeployment')) as Resource[];
    expect(deployments).toHaveLength(2);
    const assets = deployments.find((d) =>
      JSON.stringify(d.Properties.SystemMetadata ?? {}).includes('immutable'),
    );
    const index = deployments.find((d) =>
      JSON.stringify(d.Properties.SystemMetadata ?? {}).includes('no-store'),
    );
    expect(assets?.Properties.DestinationBucketKeyPrefix).toBe('console/');
    expect(index?.Properties.DestinationBucketKeyPrefix).toBe('console/');
    expect(index?.Properties.DistributionPaths).toEqual(['/console/index.html', '/console/config.json']);
    // config.json: {"apiBaseUrl": <the API's endpoint>}, filled in at deploy time.
    expect(JSON.stringify(index?.Properties.SourceMarkers)).toMatch(/ApiEndpoint/);
  });

  it('synthesizes without a console build, deploying a placeholder and saying so', () => {
    const { consoleFiles } = synth({ consoleAssets: '/nonexistent/console-build' });
    const warnings = Annotations.fromStack(consoleFiles).findWarning(
      '*',
      Match.stringLikeRegexp('not built'),
    );
    expect(warnings.length).toBeGreaterThan(0);
  });
});
