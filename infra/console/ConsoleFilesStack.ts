/**
 * The operator console's files, deployed to the bucket of the stateless stack's ConsoleSite:
 * hashed assets with a year's cache, index.html and config.json (where the API is) never cached,
 * and CloudFront told to forget the old index.html. Its own stack, so that its deployment Lambda
 * (CDK's BucketDeployment) is kept apart from the API's functions.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, Stack, type StackProps } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { consoleBasePath } from '../../console/csp.js';

export interface ConsoleFilesStackProps extends StackProps {
  readonly bucket: s3.IBucket;
  readonly distribution: cloudfront.IDistribution;
  /** The API's base URL, written into config.json for the console. */
  readonly apiUrl: string;
  /** The console's build (console/dist); when it holds no index.html, a page saying so is deployed instead. */
  readonly assetsDir: string;
}

const prefix = consoleBasePath.replace(/^\//, '');

export class ConsoleFilesStack extends Stack {
  constructor(scope: Construct, id: string, props: ConsoleFilesStackProps) {
    super(scope, id, props);
    let assetsDir = props.assetsDir;
    if (!existsSync(join(assetsDir, 'index.html'))) {
      Annotations.of(this).addWarning(
        `The console is not built (${assetsDir} has no index.html): a placeholder page is deployed. ` +
          'Run `npm run console:build` (npx cdk synth builds it when it can) and deploy again.',
      );
      assetsDir = join(tmpdir(), 'jifen-console-placeholder');
      mkdirSync(assetsDir, { recursive: true });
      writeFileSync(
        join(assetsDir, 'index.html'),
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>Jifen console</title>' +
          '<p>The operator console was not built when this stack was synthesized.</p></html>\n',
      );
    }
    const assets = new s3deploy.BucketDeployment(this, 'Assets', {
      sources: [s3deploy.Source.asset(assetsDir, { exclude: ['index.html', 'config.json', '.build-stamp'] })],
      destinationBucket: props.bucket,
      destinationKeyPrefix: prefix,
      exclude: ['index.html', 'config.json'],
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
      // Assets of the previous build stay: a page loaded before the deploy still finds its chunks.
      prune: false,
      memoryLimit: 512,
    });
    const index = new s3deploy.BucketDeployment(this, 'Index', {
      sources: [
        s3deploy.Source.asset(assetsDir, { exclude: ['*', '!index.html'] }),
        s3deploy.Source.jsonData('config.json', { apiBaseUrl: props.apiUrl }),
      ],
      destinationBucket: props.bucket,
      destinationKeyPrefix: prefix,
      cacheControl: [s3deploy.CacheControl.noStore()],
      prune: false,
      distribution: props.distribution,
      distributionPaths: [`/${prefix}index.html`, `/${prefix}config.json`],
    });
    // The new index.html only once the files it names are there.
    index.node.addDependency(assets);
  }
}
