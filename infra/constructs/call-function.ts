import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { SDK_ON_DEMAND_ONLY } from '../bundling';

/** The newest Node.js runtime this CDK version offers (docs/architecture.md §4). */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface CallFunctionProps {
  /** The TypeScript entry that exports `handler`. */
  readonly entry: string;
  /** The exported handler's name. @default 'handler' */
  readonly handler?: string;
  readonly description?: string;
  readonly environment?: Record<string, string>;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default 256 MB */
  readonly memorySize?: number;
  /** @default one month */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * One Lambda function of ours: bundled locally with esbuild (ESM, ARM64, newest Node), with its own role that may
 * write only to its own log group — every other permission is granted to it explicitly.
 */
export class CallFunction extends Construct implements iam.IGrantable {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: CallFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.grantPrincipal = this.role;
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: props.handler ?? 'handler',
      description: props.description,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Bundle the AWS SDK too: the code runs with the client versions it was tested with. Only what the SDK
        // imports on demand and never in Lambda stays out (bench/router.ts measures the bundle built this way).
        externalModules: SDK_ON_DEMAND_ONLY,
        mainFields: ['module', 'main'],
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
      },
    });
    // Only its own log group: no AWSLambdaBasicExecutionRole, no logs:* on every group.
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
  }

  /** The function's ARN, unqualified (what a workflow's `lambda:invoke` and a schedule target use). */
  get functionArn(): string {
    return this.function.functionArn;
  }

  /** Allow `grantee` to invoke exactly this function (no `:*` version wildcard). */
  grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['lambda:InvokeFunction'],
      resourceArns: [this.function.functionArn],
    });
  }
}
