/**
 * `arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem` (docs/aws/step-functions.md §9.3):
 * attribute values stay in DynamoDB JSON (`{"S": "…"}`); the result carries the SDK's members plus
 * SdkHttpMetadata / SdkResponseMetadata; errors are `DynamoDB.<Exception>` (unmodeled ones
 * `DynamoDB.AmazonDynamoDBException`). There is no optimized `dynamodb:query` — that is
 * `aws-sdk:dynamodb:query`.
 */
import type { Integration } from '../../engine';
import { sdkMetadata, type Clients } from './clients';
import { optimizedError } from './errors';
import { fromSdkOutput, operationShapes, toSdkInput } from './sdk-shapes';
import { loadSdk } from './services';

export const dynamoDbActions = ['getItem', 'putItem', 'updateItem', 'deleteItem'];

export function dynamoDbItem(clients: Clients, action: string): Integration | undefined {
  if (!dynamoDbActions.includes(action)) return undefined;
  const op = action.charAt(0).toUpperCase() + action.slice(1);
  const sdk = loadSdk('dynamodb');
  const Command = sdk?.[`${op}Command`] as (new (input: unknown) => unknown) | undefined;
  if (!sdk || !Command) return undefined;
  const shapes = operationShapes(sdk[`${op}$`]);
  return async (task) => {
    try {
      const input = toSdkInput(task.parameters ?? {}, shapes?.input);
      const output = await clients.get('dynamodb')!.send(new Command(input), { abortSignal: task.signal });
      return { ...((await fromSdkOutput(output, shapes?.output)) as object), ...sdkMetadata(output) };
    } catch (error) {
      throw optimizedError('DynamoDB', 'AmazonDynamoDBv2', 'AmazonDynamoDBException', error);
    }
  };
}
