/**
 * ConverseStream on the lab edge, read by the real `@aws-sdk/client-bedrock-runtime`: AWS's event-stream
 * framing, the answer in deltas, the stop reason and usage; a model failing mid-stream; the pace of the
 * realistic-latency mode on the lab clock.
 */
import {
  BedrockRuntimeClient,
  ConverseStreamCommand,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterEach, describe, expect, it } from 'vitest';
import { LabClock } from '../../../lab/clock';
import { labClientConfig, startEdge, type Edge } from '../../../lab/services';
import { createBedrockProvider, type BedrockProviderOptions } from '../../../lab/services/bedrock';

const PROMPTS = new URL('./fixtures/', import.meta.url).pathname;
let edge: Edge | undefined;
afterEach(async () => {
  await edge?.close();
  edge = undefined;
});

async function lab(
  options: Partial<BedrockProviderOptions> = {},
  clock = new LabClock({ start: 0, speed: 0 }),
) {
  edge = await startEdge({
    port: 0,
    providers: [createBedrockProvider({ promptsDir: PROMPTS, clock, ...options })],
  });
  const client = new BedrockRuntimeClient({
    ...labClientConfig(edge.url),
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  });
  return { client, clock };
}

const ask = (modelId: string, text: string) =>
  new ConverseStreamCommand({ modelId, messages: [{ role: 'user', content: [{ text }] }] });

async function collect(stream: AsyncIterable<ConverseStreamOutput> | undefined) {
  const kinds: string[] = [];
  let text = '';
  let stopReason: string | undefined;
  for await (const event of stream ?? []) {
    kinds.push(Object.keys(event)[0]!);
    text += event.contentBlockDelta?.delta?.text ?? '';
    stopReason ??= event.messageStop?.stopReason;
  }
  return { kinds, text, stopReason };
}

describe('ConverseStream on the lab edge', () => {
  it('the SDK reads the answer from AWS event-stream messages, delta by delta', async () => {
    const { client } = await lab();
    const out = await client.send(ask('amazon.nova-micro-v1:0', 'Where are you?'));
    const { kinds, text, stopReason } = await collect(out.stream);
    expect(text).toMatch(/214 Harbor Lane/);
    expect(kinds[0]).toBe('messageStart');
    expect(kinds.filter((k) => k === 'contentBlockDelta').length).toBeGreaterThan(3);
    expect(kinds.slice(-3)).toEqual(['contentBlockStop', 'messageStop', 'metadata']);
    expect(stopReason).toBe('end_turn');
  });

  it('a model that fails mid-stream: the first sentence arrives, then the SDK throws the stream error', async () => {
    const { client } = await lab();
    const out = await client.send(
      ask('lab.break-stream', 'How much is a full service and what does it include?'),
    );
    const seen: string[] = [];
    const error = await (async () => {
      try {
        for await (const event of out.stream ?? []) seen.push(event.contentBlockDelta?.delta?.text ?? '');
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(seen.join('')).toMatch(/[.!?]\s*$/);
    expect(error?.name).toBe('ModelStreamErrorException');
  });

  it('errors before the stream starts are plain HTTP errors, as in AWS', async () => {
    const { client } = await lab();
    await expect(client.send(ask('lab.throttle', 'Hi'))).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
  });

  it('in realistic mode the first token waits for the model, and the rest comes at its pace', async () => {
    const clock = new LabClock({ start: 0, speed: 1 });
    const { client } = await lab(
      { streamSpeed: () => ({ timeToFirstTokenMs: 300, outputTokensPerSecond: 100 }) },
      clock,
    );
    const t0 = clock.now();
    const out = await client.send(ask('amazon.nova-micro-v1:0', 'Where are you?'));
    let first: number | undefined;
    for await (const event of out.stream ?? []) if (event.contentBlockDelta) first ??= clock.now() - t0;
    const all = clock.now() - t0;
    expect(first).toBeGreaterThanOrEqual(300);
    expect(all).toBeGreaterThan(first! + 100);
  });
});
