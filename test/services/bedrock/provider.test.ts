import {
  BedrockRuntimeClient,
  ConverseCommand,
  InvokeModelCommand,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LabClock } from '../../../lab/clock';
import { labClientConfig, startEdge, type Edge } from '../../../lab/services';
import { createBedrockProvider, type BedrockProviderOptions } from '../../../lab/services/bedrock';

const PROMPTS = new URL('./fixtures/', import.meta.url).pathname;
let edge: Edge | undefined;
let fake: Server | undefined;
afterEach(async () => {
  await edge?.close();
  edge = undefined;
  await new Promise((r) => (fake ? fake.close(r) : r(undefined)));
  fake = undefined;
});

async function lab(options: Partial<BedrockProviderOptions> = {}) {
  const clock = new LabClock({ start: 0, speed: 0 });
  const logged: string[] = [];
  const provider = createBedrockProvider({
    promptsDir: PROMPTS,
    clock,
    log: (m) => logged.push(m),
    ...options,
  });
  edge = await startEdge({ port: 0, providers: [provider] });
  // The Bedrock Runtime client speaks HTTP/2 by default; the edge speaks HTTP/1.1 (see the report).
  const client = new BedrockRuntimeClient({
    ...labClientConfig(edge.url),
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  });
  return { client, clock, logged };
}

const user = (text: string): Message => ({ role: 'user', content: [{ text }] });
const assistant = (text: string): Message => ({ role: 'assistant', content: [{ text }] });

async function invoke(client: BedrockRuntimeClient, modelId: string, body: object) {
  const out = await client.send(
    new InvokeModelCommand({
      modelId,
      contentType: 'application/json',
      accept: 'application/json',
      body: JSON.stringify(body),
    }),
  );
  return JSON.parse(new TextDecoder().decode(out.body)) as Record<string, unknown>;
}

async function failure(promise: Promise<unknown>) {
  const err = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { name: string; message: string; $metadata: { httpStatusCode: number } };
  expect(err, 'the request should have failed').toBeDefined();
  return { name: err.name, status: err.$metadata.httpStatusCode, message: err.message };
}

describe('Converse on the lab edge', () => {
  it('a Converse request gets an answer that uses the earlier turns', async () => {
    const { client, logged } = await lab();
    const out = await client.send(
      new ConverseCommand({
        modelId: 'us.amazon.nova-micro-v1:0',
        system: [{ text: 'You are the phone assistant of Harbor Lane Bikes.' }],
        messages: [
          user('Do you rent e-bikes?'),
          assistant('We rent city bikes and electric bikes.'),
          user('How much is that per day?'),
        ],
        inferenceConfig: { maxTokens: 150 },
      }),
    );
    expect(out.output?.message?.role).toBe('assistant');
    expect(out.output?.message?.content?.[0]?.text).toBe(
      'We rent city bikes for 25 dollars a day and electric bikes for 40 dollars a day.',
    );
    expect(out.stopReason).toBe('end_turn');
    expect(out.usage?.outputTokens).toBeGreaterThan(0);
    expect(out.usage?.totalTokens).toBe(out.usage!.inputTokens! + out.usage!.outputTokens!);
    expect(out.metrics?.latencyMs).toBe(0);
    expect(out.additionalModelResponseFields).toEqual({ labResponder: 'offline lab responder' });
    expect(logged).toEqual(['bedrock answered with the offline lab responder']);
  });

  it('maxTokens cuts the answer at a sentence and stops for max_tokens', async () => {
    const { client } = await lab();
    const out = await client.send(
      new ConverseCommand({
        modelId: 'amazon.nova-micro-v1:0',
        messages: [user('What are your opening hours?')],
        inferenceConfig: { maxTokens: 25 },
      }),
    );
    expect(out.stopReason).toBe('max_tokens');
    expect(out.output?.message?.content?.[0]?.text).toMatch(/^We're open Tuesday to Friday.*4 pm\.$/);
  });

  it.each([
    [
      'starts with the assistant',
      [assistant('Hi'), user('Hours?')],
      'A conversation must start with a user message.',
    ],
    [
      'has two user turns in a row',
      [user('Hi'), user('Hours?')],
      'A conversation must alternate between user and assistant roles.',
    ],
    [
      'has a blank question',
      [user(' ')],
      'The text field in the ContentBlock object at messages.0.content.0 is blank.',
    ],
  ])('a conversation that %s is a ValidationException, as in Bedrock', async (_name, messages, message) => {
    const { client } = await lab();
    const err = await failure(
      client.send(new ConverseCommand({ modelId: 'amazon.nova-micro-v1:0', messages })),
    );
    expect(err).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(err.message).toContain(message);
  });

  it('answers from facts edited while the lab runs, with no restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-prompts-'));
    cpSync(PROMPTS, dir, { recursive: true });
    const { client } = await lab({ promptsDir: dir });
    const ask = async () =>
      (
        await client.send(
          new ConverseCommand({
            modelId: 'amazon.nova-lite-v1:0',
            messages: [user('How much is a basic tune-up?')],
          }),
        )
      ).output?.message?.content?.[0]?.text;
    expect(await ask()).toMatch(/45 dollars/);
    writeFileSync(
      join(dir, 'business-facts.md'),
      '# Harbor Lane Bikes\n\n## Prices\n- A basic tune-up costs 50 dollars.\n',
    );
    expect(await ask()).toBe('A basic tune-up costs 50 dollars.');
  });
});

describe('InvokeModel in each model family’s own format', () => {
  it('Amazon Nova (messages-v1), also through an inference profile id', async () => {
    const { client } = await lab();
    const body = await invoke(client, 'us.amazon.nova-micro-v1:0', {
      schemaVersion: 'messages-v1',
      system: [{ text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ text: 'Where are you located?' }] }],
      inferenceConfig: { maxTokens: 100 },
    });
    expect(body).toMatchObject({
      output: {
        message: { role: 'assistant', content: [{ text: expect.stringContaining('214 Harbor Lane') }] },
      },
      stopReason: 'end_turn',
      usage: {
        inputTokens: expect.any(Number),
        outputTokens: expect.any(Number),
        totalTokens: expect.any(Number),
      },
    });
  });

  it('Anthropic Claude (Messages API)', async () => {
    const { client } = await lab();
    const body = await invoke(client, 'anthropic.claude-3-haiku-20240307-v1:0', {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 200,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Do I need an appointment?' }],
    });
    expect(body).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [
        { type: 'text', text: "Repairs are first come, first served; you don't need an appointment." },
      ],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
    });
  });

  it('Anthropic Claude without anthropic_version is refused as Bedrock refuses it', async () => {
    const { client } = await lab();
    const err = await failure(
      invoke(client, 'anthropic.claude-3-haiku-20240307-v1:0', { max_tokens: 10, messages: [] }),
    );
    expect(err).toEqual({
      name: 'ValidationException',
      status: 400,
      message:
        'Malformed input request: #: required key [anthropic_version] not found, please reformat your input and try again.',
    });
  });

  it('Amazon Titan Text, with its User:/Bot: conversation', async () => {
    const { client } = await lab();
    const body = await invoke(client, 'amazon.titan-text-express-v1', {
      inputText: 'User: What time do you open on Saturday?\nBot: From 10 am.\nUser: And on Sunday?\nBot:',
      textGenerationConfig: { maxTokenCount: 100 },
    });
    expect(body).toEqual({
      inputTextTokenCount: expect.any(Number),
      results: [
        {
          tokenCount: expect.any(Number),
          outputText: "We're closed on Sundays, Mondays and public holidays.",
          completionReason: 'FINISH',
        },
      ],
    });
  });

  it('labels every offline answer in a response header', async () => {
    const { client } = await lab();
    const out = await client.send(
      new InvokeModelCommand({
        modelId: 'amazon.nova-micro-v1:0',
        body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }),
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    const raw = await fetch(`${edge!.url}/model/amazon.nova-micro-v1%3A0/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }),
    });
    expect(raw.headers.get('x-lab-responder')).toBe('offline');
  });

  it.each([
    [
      'a malformed model id',
      'not a model',
      'ValidationException',
      400,
      'The provided model identifier is invalid.',
    ],
    [
      'a model Bedrock does not have',
      'acme.chatbot-v1:0',
      'ResourceNotFoundException',
      404,
      'Could not resolve the foundation model from the provided model identifier.',
    ],
  ])('%s is %s', async (_name, modelId, name, status, message) => {
    const { client } = await lab();
    expect(await failure(client.send(new ConverseCommand({ modelId, messages: [user('hi')] })))).toEqual({
      name,
      status,
      message,
    });
  });
});

describe('lab faults chosen by model id', () => {
  it('lab.throttle is a ThrottlingException (429)', async () => {
    const { client } = await lab();
    expect(
      await failure(client.send(new ConverseCommand({ modelId: 'lab.throttle', messages: [user('hi')] }))),
    ).toEqual({
      name: 'ThrottlingException',
      status: 429,
      message: 'Too many requests, please wait before trying again.',
    });
  });

  it('lab.throttle-2 throttles the first two requests, then answers (for retry with back-off)', async () => {
    const { client } = await lab();
    const send = () =>
      client.send(new ConverseCommand({ modelId: 'lab.throttle-2', messages: [user('Where are you?')] }));
    expect((await failure(send())).name).toBe('ThrottlingException');
    expect((await failure(send())).name).toBe('ThrottlingException');
    expect((await send()).output?.message?.content?.[0]?.text).toMatch(/214 Harbor Lane/);
  });

  it.each([
    ['lab.error', 'ModelErrorException', 424],
    ['lab.timeout', 'ModelTimeoutException', 408],
    ['lab.unavailable', 'ServiceUnavailableException', 503],
  ])('%s is a %s (%i)', async (modelId, name, status) => {
    const { client } = await lab();
    expect(
      await failure(client.send(new ConverseCommand({ modelId, messages: [user('hi')] }))),
    ).toMatchObject({ name, status });
  });

  it('lab.slow-5s answers only after 5 s of lab time, and reports that latency', async () => {
    const { client, clock } = await lab();
    let done = false;
    const pending = client
      .send(new ConverseCommand({ modelId: 'lab.slow-5s', messages: [user('Where are you?')] }))
      .finally(() => (done = true));
    await vi.waitFor(() => expect(clock.pendingTimers()).toBe(1));
    await clock.advance(4_999);
    expect(done).toBe(false);
    await clock.advance(1);
    const out = await pending;
    expect(out.metrics?.latencyMs).toBe(5_000);
    expect(out.output?.message?.content?.[0]?.text).toMatch(/214 Harbor Lane/);
  });

  it('closing the lab while a slow model is still thinking leaves no timer behind', async () => {
    const { client, clock } = await lab();
    const pending = client
      .send(new ConverseCommand({ modelId: 'lab.slow-30s', messages: [user('hi')] }))
      .catch((e: Error) => e);
    await vi.waitFor(() => expect(clock.pendingTimers()).toBe(1));
    const closed = edge!.close();
    edge = undefined;
    await closed;
    expect(clock.pendingTimers()).toBe(0);
    await pending;
  });

  it('an unknown lab fault says which faults exist', async () => {
    const { client } = await lab();
    const err = await failure(
      client.send(new ConverseCommand({ modelId: 'lab.explode', messages: [user('hi')] })),
    );
    expect(err.message).toContain("Unknown lab fault 'explode'");
  });
});

describe('forwarding to an OpenAI-compatible server', () => {
  async function openAiServer(reply: (body: Record<string, unknown>) => { status: number; body: object }) {
    const seen: { path: string; auth?: string; body: Record<string, unknown> }[] = [];
    fake = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
        seen.push({ path: req.url ?? '', auth: req.headers.authorization, body });
        const out = reply(body);
        res.writeHead(out.status, { 'content-type': 'application/json' }).end(JSON.stringify(out.body));
      });
    });
    await new Promise<void>((r) => fake!.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`, seen };
  }

  it('sends the system prompt, the turns and the token cap, and returns the server’s answer unlabelled', async () => {
    const server = await openAiServer(() => ({
      status: 200,
      body: {
        choices: [{ message: { role: 'assistant', content: 'We open at ten.' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 30, completion_tokens: 5 },
      },
    }));
    const { client } = await lab({
      forward: { openAiBaseUrl: `${server.url}/v1`, apiKey: 'k-test', model: 'tiny' },
    });
    const out = await client.send(
      new ConverseCommand({
        modelId: 'amazon.nova-micro-v1:0',
        system: [{ text: 'Be brief.' }],
        messages: [user('Hi'), assistant('Hello!'), user('When do you open?')],
        inferenceConfig: { maxTokens: 50 },
      }),
    );
    expect(server.seen).toEqual([
      {
        path: '/v1/chat/completions',
        auth: 'Bearer k-test',
        body: {
          model: 'tiny',
          max_tokens: 50,
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'user', content: 'Hi' },
            { role: 'assistant', content: 'Hello!' },
            { role: 'user', content: 'When do you open?' },
          ],
        },
      },
    ]);
    expect(out.output?.message?.content?.[0]?.text).toBe('We open at ten.');
    expect(out.usage).toEqual({ inputTokens: 30, outputTokens: 5, totalTokens: 35 });
    expect(out.additionalModelResponseFields).toBeUndefined();
  });

  it('a server that throttles is a ThrottlingException; one that is down is a ServiceUnavailableException', async () => {
    const server = await openAiServer(() => ({ status: 429, body: { error: 'slow down' } }));
    const { client } = await lab({ forward: { openAiBaseUrl: server.url } });
    expect(
      (
        await failure(
          client.send(new ConverseCommand({ modelId: 'amazon.nova-micro-v1:0', messages: [user('hi')] })),
        )
      ).name,
    ).toBe('ThrottlingException');
    await edge!.close();
    const down = await lab({ forward: { openAiBaseUrl: 'http://127.0.0.1:9/v1' } });
    const err = await failure(
      down.client.send(new ConverseCommand({ modelId: 'amazon.nova-micro-v1:0', messages: [user('hi')] })),
    );
    expect(err).toMatchObject({ name: 'ServiceUnavailableException', status: 503 });
    expect(err.message).toContain('could not be reached');
  });
});
