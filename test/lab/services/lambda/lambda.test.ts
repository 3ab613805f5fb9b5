import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import { startEdge, type Edge } from '../../../../lab/services/edge';
import { labClientConfig } from '../../../../lab/services/sdk';
import { createLambdaProvider, type LambdaContext } from '../../../../lab/services/lambda';
import { LabClock } from '../../../../lab/clock';

let edge: Edge;
let client: LambdaClient;
const lambda = createLambdaProvider();
const seen: Array<{ event: unknown; functionName: string; awsRequestId: string; remaining: number }> = [];
let eventArrived: (event: unknown) => void = () => {};

const decode = (bytes?: Uint8Array) => (bytes ? JSON.parse(Buffer.from(bytes).toString('utf8')) : undefined);
const encode = (value: unknown) => Buffer.from(JSON.stringify(value));

beforeAll(async () => {
  lambda.register({
    name: 'echo',
    timeoutMs: 5000,
    environment: { TABLE: 'switchboard' },
    handler: async (event, context: LambdaContext) => {
      seen.push({
        event,
        functionName: context.functionName,
        awsRequestId: context.awsRequestId,
        remaining: context.getRemainingTimeInMillis(),
      });
      return { got: event };
    },
  });
  lambda.register({
    name: 'thrower',
    handler: async () => {
      throw new TypeError('the business hours are not set');
    },
  });
  lambda.register({ name: 'sleeper', timeoutMs: 1000, handler: () => new Promise(() => {}) });
  lambda.register({ name: 'notify', handler: async (event) => void eventArrived(event) });
  edge = await startEdge({ port: 0, providers: [lambda] });
  client = new LambdaClient(labClientConfig(edge.url));
});
afterAll(async () => {
  client.destroy();
  await edge.close();
});

describe('Lambda through the edge', () => {
  it('register returns the function ARN', () => {
    expect(lambda.register({ name: 'place-call', handler: async () => null })).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:place-call',
    );
  });

  it('a function invoked by name or ARN gets the event and a context, and its result comes back', async () => {
    for (const FunctionName of ['echo', 'arn:aws:lambda:us-east-1:000000000000:function:echo']) {
      const out = await client.send(new InvokeCommand({ FunctionName, Payload: encode({ digits: 3 }) }));
      expect(out.StatusCode).toBe(200);
      expect(out.FunctionError).toBeUndefined();
      expect(decode(out.Payload)).toEqual({ got: { digits: 3 } });
    }
    const last = seen.at(-1)!;
    expect(last.functionName).toBe('echo');
    expect(last.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(last.remaining).toBeGreaterThan(0);
    expect(last.remaining).toBeLessThanOrEqual(5000);
  });

  it('a function that throws reports Unhandled with the error type, message and trace', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'thrower', Payload: encode({}) }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    const body = decode(out.Payload);
    expect(body).toMatchObject({ errorType: 'TypeError', errorMessage: 'the business hours are not set' });
    expect(body.trace[0]).toBe('TypeError: the business hours are not set');
  });

  it('a Lambda that overruns its timeout fails with Sandbox.Timedout and "Task timed out after 1.00 seconds"', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'sleeper' }));
    expect(out.FunctionError).toBe('Unhandled');
    const body = decode(out.Payload);
    expect(body.errorType).toBe('Sandbox.Timedout');
    expect(body.errorMessage).toMatch(/^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$/);
  });

  it('the timeout is kept on the clock it is given', async () => {
    const clock = new LabClock({ speed: 0 });
    const provider = createLambdaProvider({ clock });
    provider.register({ name: 'slow', timeoutMs: 3000, handler: () => new Promise(() => {}) });
    const pending = provider.invoke('slow', {});
    await clock.advance(3000);
    expect(await pending).toMatchObject({
      functionError: 'Unhandled',
      payload: { errorType: 'Sandbox.Timedout' },
    });
  });

  it('an Event invocation is accepted with 202 and runs on its own', async () => {
    const arrived = new Promise((resolve) => (eventArrived = resolve));
    const out = await client.send(
      new InvokeCommand({ FunctionName: 'notify', InvocationType: 'Event', Payload: encode({ id: 7 }) }),
    );
    expect(out.StatusCode).toBe(202);
    expect(await arrived).toEqual({ id: 7 });
  });

  it('a failed asynchronous invocation is retried twice, after 1 and then 2 minutes of lab time', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const clock = new LabClock({ speed: 0 });
    const provider = createLambdaProvider({ clock });
    const attempts: number[] = [];
    const start = clock.now();
    provider.register({
      name: 'place-call',
      handler: async () => {
        attempts.push(clock.now() - start);
        throw new Error('line busy');
      },
    });
    const settle = () => new Promise((r) => setImmediate(r));
    provider.invokeAsync('place-call', { to: 'masked' });
    await settle();
    await clock.advance(60_000);
    await settle();
    await clock.advance(120_000);
    await settle();
    await clock.advance(600_000);
    await settle();
    expect(attempts).toEqual([0, 60_000, 180_000]);
    vi.restoreAllMocks();
  });

  it('a DryRun checks the function exists and runs nothing', async () => {
    const before = seen.length;
    const out = await client.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'DryRun' }));
    expect(out.StatusCode).toBe(204);
    expect(seen.length).toBe(before);
  });

  it('an unknown function is ResourceNotFoundException naming its ARN, over the API and in-process', async () => {
    await expect(client.send(new InvokeCommand({ FunctionName: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope',
    });
    await expect(lambda.invoke('nope', {})).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('a payload that is not JSON is InvalidRequestContentException', async () => {
    await expect(
      client.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{not json') })),
    ).rejects.toMatchObject({ name: 'InvalidRequestContentException' });
  });

  it('a function’s configuration shows its timeout and environment', async () => {
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'echo' }));
    expect(config).toMatchObject({
      FunctionName: 'echo',
      Timeout: 5,
      Environment: { Variables: { TABLE: 'switchboard' } },
    });
  });

  it('the functions are listed by name', async () => {
    const listed = await client.send(new ListFunctionsCommand({}));
    expect(listed.Functions?.map((f) => f.FunctionName)).toEqual(
      expect.arrayContaining(['echo', 'sleeper', 'thrower']),
    );
    expect(listed.Functions?.find((f) => f.FunctionName === 'sleeper')?.Timeout).toBe(1);
  });

  it('the in-process invoke returns the same result the API does', async () => {
    expect(await lambda.invoke('echo', { a: 1 })).toEqual({ payload: { got: { a: 1 } } });
    expect(await lambda.invoke('thrower', {})).toMatchObject({
      functionError: 'Unhandled',
      payload: { errorType: 'TypeError' },
    });
  });
});
