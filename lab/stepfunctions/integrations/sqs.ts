/** `arn:aws:states:::sqs:sendMessage` (also `.waitForTaskToken`): docs/aws/step-functions.md §9.2. */
import type { Integration } from '../../engine';
import { sdkMetadata, type Clients } from './clients';
import { optimizedError } from './errors';
import { fromSdkOutput, operationShapes, toSdkInput } from './sdk-shapes';
import { loadSdk } from './services';

export function sqsSendMessage(clients: Clients): Integration | undefined {
  const sdk = loadSdk('sqs');
  const Command = sdk?.SendMessageCommand as (new (input: unknown) => unknown) | undefined;
  if (!sdk || !Command) return undefined;
  const shapes = operationShapes(sdk.SendMessage$);
  return async (task) => {
    const params = { ...(task.parameters as Record<string, unknown>) };
    // an object (or any non-string) MessageBody is sent as its JSON text
    if (params.MessageBody !== undefined && typeof params.MessageBody !== 'string')
      params.MessageBody = JSON.stringify(params.MessageBody);
    try {
      const output = await clients
        .get('sqs')!
        .send(new Command(toSdkInput(params, shapes?.input)), { abortSignal: task.signal });
      return { ...((await fromSdkOutput(output, shapes?.output)) as object), ...sdkMetadata(output) };
    } catch (error) {
      throw optimizedError('SQS', 'AmazonSQS', 'AmazonSQSException', error);
    }
  };
}
