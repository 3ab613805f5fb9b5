/**
 * `arn:aws:states:::bedrock:invokeModel` (docs/aws/step-functions.md §9.4): `Body` (an object is sent as
 * JSON), `ModelId`, `ContentType`, `Accept`; the result is `{Body: <the model's response parsed as JSON>,
 * ContentType}`. UNCONFIRMED: the exact envelope (we return just those two members) and the error prefix
 * (`Bedrock.`). `Input`/`Output` S3 URIs are not supported by the lab and fail with a message saying so.
 */
import { StatesError, type Integration } from '../../engine';
import type { Clients } from './clients';
import { optimizedError } from './errors';
import { loadSdk } from './services';

export function bedrockInvokeModel(clients: Clients): Integration | undefined {
  const sdk = loadSdk('bedrock-runtime');
  const Command = sdk?.InvokeModelCommand as (new (input: unknown) => unknown) | undefined;
  if (!Command) return undefined;
  return async (task) => {
    const p = (task.parameters ?? {}) as Record<string, unknown>;
    if (p.Input !== undefined || p.Output !== undefined) {
      throw new StatesError(
        'States.Runtime',
        `bedrock:invokeModel with Input/Output S3Uri is not supported by the lab (state '${task.stateName}'); pass Body instead`,
      );
    }
    const body = typeof p.Body === 'string' ? p.Body : JSON.stringify(p.Body ?? {});
    const input = {
      modelId: p.ModelId,
      body: new TextEncoder().encode(body),
      contentType: p.ContentType ?? 'application/json',
      accept: p.Accept ?? 'application/json',
    };
    try {
      const output = (await clients
        .get('bedrock-runtime')!
        .send(new Command(input), { abortSignal: task.signal })) as {
        body?: Uint8Array;
        contentType?: string;
      };
      const text = output.body ? new TextDecoder().decode(output.body) : '';
      return { Body: parseOrText(text), ContentType: output.contentType ?? 'application/json' };
    } catch (error) {
      throw optimizedError('Bedrock', 'AmazonBedrockRuntime', 'AmazonBedrockRuntimeException', error);
    }
  };
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
