/**
 * How Step Functions names a failed service call (docs/aws/step-functions.md §9.5):
 * - `aws-sdk:*` tasks: `<Prefix>.<Name>Exception`, e.g. `DynamoDb.ConditionalCheckFailedException`,
 *   `S3.NoSuchKeyException`, `Sfn.InvalidTokenException`; an error the service model does not declare
 *   becomes the service's base class, `DynamoDb.DynamoDbException`. Cause:
 *   `<message> (Service: <Prefix>, Status Code: <n>, Request ID: <id>)`.
 * - optimized integrations: SDK-v1 style, e.g. `DynamoDB.ConditionalCheckFailedException`,
 *   `DynamoDB.AmazonDynamoDBException`, `SQS.AmazonSQSException`, with the cause
 *   `<message> (Service: <ServiceId>; Status Code: <n>; Error Code: <code>; Request ID: <id>; Proxy: null)`.
 */
import { StatesError } from '../../engine';

interface SdkError {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  constructor: { name: string };
}

function asSdkError(error: unknown): SdkError | undefined {
  if (!(error instanceof Error)) return undefined;
  return error as unknown as SdkError;
}

/** True when the service model declares the error (its class is not the package's base `…ServiceException`). */
function isModeled(error: SdkError): boolean {
  return !/ServiceException$/.test(error.constructor.name);
}

function exceptionName(name: string): string {
  return name.endsWith('Exception') ? name : `${name}Exception`;
}

export function awsSdkError(prefix: string, error: unknown): StatesError | unknown {
  const e = asSdkError(error);
  if (!e || !e.$metadata || error instanceof StatesError) return error;
  const name = isModeled(e) ? exceptionName(e.name) : `${prefix}Exception`;
  const status = e.$metadata.httpStatusCode ?? 400;
  return new StatesError(
    `${prefix}.${name}`,
    `${e.message} (Service: ${prefix}, Status Code: ${status}, Request ID: ${e.$metadata.requestId ?? 'local'})`,
  );
}

/**
 * @param prefix `DynamoDB`, `SQS`, `Lambda`, `Bedrock`
 * @param serviceId as in the cause: `AmazonDynamoDBv2`, `AmazonSQS`, `AWSLambda`, `AmazonBedrockRuntime`
 * @param baseName the unmodeled error's name: `AmazonDynamoDBException`, `AmazonSQSException`, …
 */
export function optimizedError(
  prefix: string,
  serviceId: string,
  baseName: string,
  error: unknown,
): StatesError | unknown {
  const e = asSdkError(error);
  if (!e || !e.$metadata || error instanceof StatesError) return error;
  const name = isModeled(e) ? exceptionName(e.name) : baseName;
  const status = e.$metadata.httpStatusCode ?? 400;
  return new StatesError(
    `${prefix}.${name}`,
    `${e.message} (Service: ${serviceId}; Status Code: ${status}; Error Code: ${e.name}; Request ID: ${e.$metadata.requestId ?? 'local'}; Proxy: null)`,
  );
}
