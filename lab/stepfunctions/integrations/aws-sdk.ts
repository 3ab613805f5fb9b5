/**
 * `arn:aws:states:::aws-sdk:<service>:<action>`: calls `<Action>Command` of `@aws-sdk/client-<service>`
 * with the state's parameters, and returns the SDK's response the way Step Functions
 * does (docs/aws/step-functions.md §9.5).
 */
import type { Integration } from '../../engine';
import type { Clients } from './clients';
import { awsSdkError } from './errors';
import { fromSdkOutput, operationShapes, toSdkInput } from './sdk-shapes';
import { loadSdk, operationName, serviceEntry } from './services';

/** The integration for one service and action, or undefined when no installed SDK package has that action. */
export function awsSdkIntegration(
  clients: Clients,
  service: string,
  action: string,
): Integration | undefined {
  const entry = serviceEntry(service);
  const sdk = loadSdk(entry.package);
  const op = operationName(action);
  const Command = sdk?.[`${op}Command`] as (new (input: unknown) => unknown) | undefined;
  if (!sdk || !Command) return undefined;
  const shapes = operationShapes(sdk[`${op}$`]);
  return async (task) => {
    const client = clients.get(entry.package);
    if (!client) throw new Error(`no client for @aws-sdk/client-${entry.package}`);
    const input = shapes ? toSdkInput(task.parameters ?? {}, shapes.input) : (task.parameters ?? {});
    try {
      const output = await client.send(new Command(input), { abortSignal: task.signal });
      return await fromSdkOutput(output, shapes?.output);
    } catch (error) {
      throw awsSdkError(entry.prefix, error);
    }
  };
}
