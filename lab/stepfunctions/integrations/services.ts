/**
 * The AWS services an `aws-sdk:<service>:<action>` Task can name: which AWS SDK v3 package implements
 * each, and the exception prefix Step Functions puts on its errors (the SDK for Java v2 client name,
 * docs/aws/step-functions.md §9.5). A service not listed here is looked up as `@aws-sdk/client-<service>`
 * with the prefix `<Service>`.
 */
import { createRequire } from 'node:module';

export interface ServiceCatalogueEntry {
  /** npm package suffix: `@aws-sdk/client-<package>` */
  package: string;
  /** e.g. `DynamoDb` in `DynamoDb.ConditionalCheckFailedException` */
  prefix: string;
}

const catalogue: Record<string, ServiceCatalogueEntry> = {
  bedrockruntime: { package: 'bedrock-runtime', prefix: 'BedrockRuntime' },
  bedrock: { package: 'bedrock', prefix: 'Bedrock' },
  chimesdkvoice: { package: 'chime-sdk-voice', prefix: 'ChimeSdkVoice' },
  chimesdkmeetings: { package: 'chime-sdk-meetings', prefix: 'ChimeSdkMeetings' },
  cloudwatchlogs: { package: 'cloudwatch-logs', prefix: 'CloudWatchLogs' },
  dynamodb: { package: 'dynamodb', prefix: 'DynamoDb' },
  eventbridge: { package: 'eventbridge', prefix: 'EventBridge' },
  lambda: { package: 'lambda', prefix: 'Lambda' },
  s3: { package: 's3', prefix: 'S3' },
  scheduler: { package: 'scheduler', prefix: 'Scheduler' },
  secretsmanager: { package: 'secrets-manager', prefix: 'SecretsManager' },
  sfn: { package: 'sfn', prefix: 'Sfn' },
  sns: { package: 'sns', prefix: 'Sns' },
  sqs: { package: 'sqs', prefix: 'Sqs' },
  ssm: { package: 'ssm', prefix: 'Ssm' },
  sts: { package: 'sts', prefix: 'Sts' },
  transcribe: { package: 'transcribe', prefix: 'Transcribe' },
};

export function serviceEntry(service: string): ServiceCatalogueEntry {
  return (
    catalogue[service] ?? { package: service, prefix: service.charAt(0).toUpperCase() + service.slice(1) }
  );
}

/** The exports of an SDK v3 client package, or undefined when the package is not installed. */
export type SdkModule = Record<string, unknown>;

const require = createRequire(import.meta.url);
const loaded = new Map<string, SdkModule | undefined>();

/** Loads `@aws-sdk/client-<package>` synchronously (so a resolver can tell at once whether it supports a resource). */
export function loadSdk(pkg: string): SdkModule | undefined {
  if (!loaded.has(pkg)) {
    try {
      loaded.set(pkg, require(`@aws-sdk/client-${pkg}`) as SdkModule);
    } catch {
      loaded.set(pkg, undefined);
    }
  }
  return loaded.get(pkg);
}

/** The package's client class (`SFNClient`, `DynamoDBClient`, `S3Client`, …). */
export function clientClass(sdk: SdkModule): (new (config: object) => SdkClient) | undefined {
  const name = Object.keys(sdk).find(
    (k) => /^[A-Z][A-Za-z0-9]*Client$/.test(k) && typeof sdk[k] === 'function',
  );
  return name ? (sdk[name] as new (config: object) => SdkClient) : undefined;
}

export interface SdkClient {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<Record<string, unknown>>;
  destroy(): void;
}

/** `getItem` → `GetItem` (the SDK's operation and command names are the action with a capital first letter). */
export function operationName(action: string): string {
  return action.charAt(0).toUpperCase() + action.slice(1);
}
