/**
 * The service integrations a Task can name, resolved from its Resource:
 *
 *   arn:aws:states:::sqs:sendMessage[.waitForTaskToken]
 *   arn:aws:states:::lambda:invoke[.waitForTaskToken]     and bare   arn:aws:lambda:<region>:<account>:function:<name>
 *   arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem
 *   arn:aws:states:::bedrock:invokeModel
 *   arn:aws:states:::aws-sdk:<service>:<action>[.waitForTaskToken]   (any installed @aws-sdk/client-<service>)
 *   arn:aws:states:::s3:getObject|listObjectsV2|putObject   (a distributed Map's ItemReader and ResultWriter)
 *
 * Every call goes to `clientConfig.endpoint` (the lab's edge). Unknown resources resolve to undefined, and so
 * does every `.sync` form: the lab has no Run a Job integration, and must not run one as request-response.
 */
import type { Integration, IntegrationResolver } from '../../engine';
import { awsSdkIntegration } from './aws-sdk';
import { bedrockInvokeModel } from './bedrock';
import { createClients, type ClientConfig } from './clients';
import { dynamoDbItem } from './dynamodb';
import { lambdaFunction, lambdaInvoke, type LambdaRunner } from './lambda';
import { s3MapIntegration } from './s3';
import { sqsSendMessage } from './sqs';

export type { ClientConfig } from './clients';
export { functionNameOf, type LambdaRunner } from './lambda';

export interface IntegrationsOptions {
  clientConfig: ClientConfig;
  /** Runs Lambda functions in process; without it, functions are invoked through the Lambda API at the endpoint. */
  lambda?: LambdaRunner;
  /** The account of the lab's functions (default 000000000000); the region is clientConfig's. */
  accountId?: string;
}

export type Integrations = IntegrationResolver & { close(): void };

/** `arn:aws:states:::dynamodb:putItem.waitForTaskToken` → `{service: 'dynamodb', action: 'putItem'}` */
export function parseResource(
  resource: string,
): { service: string; action: string } | { lambdaArn: string } | undefined {
  const base = resource.replace(/\.waitForTaskToken$/, '');
  const lambda = /^arn:aws[\w-]*:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$/.exec(base);
  if (lambda) return { lambdaArn: base };
  const sdk = /^arn:aws[\w-]*:states:[^:]*:[^:]*:aws-sdk:([a-z0-9]+):([A-Za-z0-9]+)$/.exec(base);
  if (sdk) return { service: `aws-sdk:${sdk[1]}`, action: sdk[2]! };
  const optimized = /^arn:aws[\w-]*:states:[^:]*:[^:]*:([a-z0-9-]+):([A-Za-z0-9]+)$/.exec(base);
  if (optimized) return { service: optimized[1]!, action: optimized[2]! };
  return undefined;
}

export function createIntegrations(options: IntegrationsOptions): Integrations {
  const clients = createClients(options.clientConfig);
  const cache = new Map<string, Integration | undefined>();
  const home = { region: options.clientConfig.region, accountId: options.accountId ?? '000000000000' };

  const build = (resource: string): Integration | undefined => {
    const parsed = parseResource(resource);
    if (!parsed) return undefined;
    if ('lambdaArn' in parsed) return lambdaFunction(clients, parsed.lambdaArn, home, options.lambda);
    const { service, action } = parsed;
    if (service.startsWith('aws-sdk:'))
      return awsSdkIntegration(clients, service.slice('aws-sdk:'.length), action);
    if (service === 'sqs' && action === 'sendMessage') return sqsSendMessage(clients);
    if (service === 'lambda' && action === 'invoke') return lambdaInvoke(clients, home, options.lambda);
    if (service === 'dynamodb') return dynamoDbItem(clients, action);
    if (service === 'bedrock' && action === 'invokeModel') return bedrockInvokeModel(clients);
    if (service === 's3') return s3MapIntegration(clients, action);
    return undefined;
  };

  const resolve = ((resource: string) => {
    if (!cache.has(resource)) cache.set(resource, build(resource));
    return cache.get(resource);
  }) as Integrations;
  resolve.close = () => clients.destroy();
  return resolve;
}
