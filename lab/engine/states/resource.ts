/** Task resources: `arn:aws:states:::sqs:sendMessage.waitForTaskToken`, `…:aws-sdk:dynamodb:query`, Lambda ARNs. */
export interface Resource {
  resource: string;
  baseResource: string;
  pattern: 'request-response' | 'sync' | 'waitForTaskToken';
  /** History `resourceType` / `resource`, e.g. `sqs` / `sendMessage.waitForTaskToken`. */
  eventType: string;
  eventResource: string;
  /** A bare Lambda function ARN: history uses LambdaFunction* events. */
  legacyLambda: boolean;
}

export function parseResource(resource: string): Resource {
  const pattern = /\.waitForTaskToken$/.test(resource)
    ? 'waitForTaskToken'
    : /\.sync(:\d+)?$/.test(resource)
      ? 'sync'
      : 'request-response';
  const baseResource = resource.replace(/\.(waitForTaskToken|sync(:\d+)?)$/, '');
  const legacyLambda = /^arn:[^:]+:lambda:/.test(resource);
  let eventType = 'unknown';
  let eventResource = resource;
  const m = /^arn:[^:]+:states:::(.+)$/.exec(resource);
  if (m) {
    const parts = m[1]!.split(':');
    if (parts[0] === 'aws-sdk' && parts.length >= 3) {
      eventType = `aws-sdk:${parts[1]}`;
      eventResource = parts.slice(2).join(':');
    } else {
      eventType = parts[0]!;
      eventResource = parts.slice(1).join(':');
    }
  } else if (legacyLambda) eventType = 'lambda';
  return { resource, baseResource, pattern, eventType, eventResource, legacyLambda };
}

export const isServiceIntegration = (resource: string) => /^arn:[^:]+:states:::/.test(resource);

/**
 * Optimized integrations AWS runs as `.sync` (Run a Job) for some of their actions (DG, "Optimized
 * integrations"); never `aws-sdk:*` (docs/aws/step-functions.md §9.5).
 */
const AWS_SYNC_SERVICES = new Set([
  'athena',
  'batch',
  'bedrock',
  'codebuild',
  'databrew',
  'ecs',
  'eks',
  'elasticmapreduce',
  'emr-containers',
  'emr-serverless',
  'glue',
  'mediaconvert',
  'sagemaker',
  'states',
]);

/** Whether AWS has a `.sync` form of this service integration resource at all. */
export const awsRunsSync = (r: Resource) => r.pattern === 'sync' && AWS_SYNC_SERVICES.has(r.eventType);
