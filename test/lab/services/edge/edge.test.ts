import { afterEach, describe, expect, it, vi } from 'vitest';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import {
  jsonApiProvider,
  routeOf,
  startEdge,
  type Edge,
  type EdgeRequest,
  type Provider,
} from '../../../../lab/services/edge';
import { labClientConfig } from '../../../../lab/services/sdk';

const signed = (service: string, region = 'us-east-1') =>
  `AWS4-HMAC-SHA256 Credential=lab/20261122/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`;

describe('where the edge sends a request', () => {
  const route = (req: { path?: string; query?: string; headers?: Record<string, string>; body?: string }) =>
    routeOf({
      path: req.path ?? '/',
      query: new URLSearchParams(req.query ?? ''),
      headers: req.headers ?? {},
      body: Buffer.from(req.body ?? ''),
    });

  it.each([
    [
      'the signing name in the Authorization credential scope',
      { headers: { authorization: signed('states', 'eu-west-1') } },
      { service: 'states', region: 'eu-west-1' },
    ],
    [
      'the credential scope wins over the target',
      { headers: { authorization: signed('sqs'), 'x-amz-target': 'DynamoDB_20120810.PutItem' } },
      { service: 'sqs', region: 'us-east-1' },
    ],
    [
      'a presigned URL’s X-Amz-Credential',
      { path: '/recordings/a.wav', query: 'X-Amz-Credential=lab%2F20261122%2Fus-east-1%2Fs3%2Faws4_request' },
      { service: 's3', region: 'us-east-1' },
    ],
    [
      'an unsigned SQS JSON call, by X-Amz-Target',
      { headers: { 'x-amz-target': 'AmazonSQS.SendMessage' } },
      { service: 'sqs', region: 'us-east-1' },
    ],
    [
      'an unsigned DynamoDB call, by X-Amz-Target',
      { headers: { 'x-amz-target': 'DynamoDB_20120810.Query' } },
      { service: 'dynamodb', region: 'us-east-1' },
    ],
    [
      'an unsigned Step Functions call, by X-Amz-Target',
      { headers: { 'x-amz-target': 'AWSStepFunctions.StartExecution' } },
      { service: 'states', region: 'us-east-1' },
    ],
    [
      'an unsigned Lambda invoke, by path',
      { path: '/2015-03-31/functions/router/invocations' },
      { service: 'lambda', region: 'us-east-1' },
    ],
    [
      'an unsigned SQS query-protocol form',
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=SendMessage&QueueUrl=x&MessageBody=y',
      },
      { service: 'sqs', region: 'us-east-1' },
    ],
    [
      'an unsigned Chime SDK Voice call, by path',
      { path: '/sip-media-applications/abc/calls' },
      { service: 'chime', region: 'us-east-1' },
    ],
    [
      'anything else unsigned: S3 (a browser fetching a recording)',
      { path: '/recordings/voicemail/1.wav' },
      { service: 's3', region: 'us-east-1' },
    ],
  ])('%s', (_, req, expected) => {
    expect(route(req)).toEqual(expected);
  });
});

const edges: Edge[] = [];
afterEach(async () => {
  await Promise.all(edges.splice(0).map((e) => e.close()));
  vi.restoreAllMocks();
});
async function edgeWith(...providers: Provider[]): Promise<Edge> {
  const edge = await startEdge({ port: 0, providers });
  edges.push(edge);
  return edge;
}
const recorder = (service: string | string[], seen: EdgeRequest[]): Provider => ({
  service,
  async handle(req) {
    seen.push(req);
    return { status: 200, body: { served: [service].flat()[0] } };
  },
});

describe('the edge', () => {
  it('hands each request to the provider of its service, with path, query, headers and body as sent', async () => {
    const seen: EdgeRequest[] = [];
    const edge = await edgeWith(recorder('sqs', seen), recorder(['scheduler', 'chime'], seen));
    const res = await fetch(`${edge.url}/schedules/call-back%2F1?groupName=default`, {
      method: 'PUT',
      headers: { authorization: signed('scheduler'), 'x-custom': 'kept' },
      body: '{"a":1}',
    });
    expect(await res.json()).toEqual({ served: 'scheduler' });
    expect(seen[0]).toMatchObject({
      method: 'PUT',
      path: '/schedules/call-back%2F1',
      service: 'scheduler',
      region: 'us-east-1',
    });
    expect(seen[0].query.get('groupName')).toBe('default');
    expect(seen[0].headers['x-custom']).toBe('kept');
    expect(seen[0].body.toString()).toBe('{"a":1}');
  });

  it('a service nobody serves gets an AWS-shaped error naming it', async () => {
    const edge = await edgeWith(recorder('sqs', []));
    const scheduler = new SchedulerClient({ ...labClientConfig(edge.url), maxAttempts: 1 });
    await expect(scheduler.send(new ListSchedulesCommand({}))).rejects.toMatchObject({
      name: 'InternalFailure',
      message: expect.stringContaining("no provider for the service 'scheduler'"),
    });
    scheduler.destroy();
  });

  it('a provider that throws gets a 500 InternalFailure, is logged, and the edge keeps serving', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    let calls = 0;
    const edge = await edgeWith(
      jsonApiProvider('states', 'AWSStepFunctions.', {
        async handle() {
          if (calls++ === 0) throw new Error('engine exploded');
          return { status: 200, body: { stateMachines: [] } };
        },
      }),
    );
    const sfn = new SFNClient({ ...labClientConfig(edge.url), maxAttempts: 1 });
    await expect(sfn.send(new ListStateMachinesCommand({}))).rejects.toMatchObject({
      name: 'InternalFailure',
      $metadata: { httpStatusCode: 500 },
      message: expect.stringContaining('engine exploded'),
    });
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('engine exploded'));
    expect(await sfn.send(new ListStateMachinesCommand({}))).toMatchObject({ stateMachines: [] });
    sfn.destroy();
  });

  it('an API error from a JSON API keeps its __type, so the SDK names it', async () => {
    const edge = await edgeWith(
      jsonApiProvider('states', 'AWSStepFunctions.', {
        handle: async () => ({
          status: 400,
          body: { __type: 'StateMachineDoesNotExist', message: 'State Machine Does Not Exist: x' },
        }),
      }),
    );
    const sfn = new SFNClient({ ...labClientConfig(edge.url), maxAttempts: 1 });
    await expect(sfn.send(new ListStateMachinesCommand({}))).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
    sfn.destroy();
  });

  it('a browser page may call it: preflights are answered and replies carry CORS headers', async () => {
    const edge = await edgeWith(recorder('s3', []));
    const preflight = await fetch(`${edge.url}/recordings/a.wav`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization,x-amz-date',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,x-amz-date');
    const res = await fetch(`${edge.url}/recordings/a.wav`, { headers: { origin: 'http://localhost:5173' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-expose-headers')).toContain('etag');
  });

  it('a taken port is a clear message, and the providers it was given are closed', async () => {
    const first = await edgeWith();
    let closed = false;
    const provider: Provider = {
      service: 'sqs',
      handle: async () => ({ status: 200 }),
      close: async () => void (closed = true),
    };
    await expect(startEdge({ port: first.port, providers: [provider] })).rejects.toThrow(
      `port ${first.port} is already in use — another lab running? pass --port`,
    );
    expect(closed).toBe(true);
  });

  it('two providers cannot claim one service', async () => {
    await expect(
      startEdge({ port: 0, providers: [recorder('sqs', []), recorder(['s3', 'sqs'], [])] }),
    ).rejects.toThrow("two providers claim the service 'sqs'");
  });

  it('closing the edge closes its providers, once', async () => {
    let closes = 0;
    const edge = await startEdge({
      port: 0,
      providers: [
        { service: 'sqs', handle: async () => ({ status: 200 }), close: async () => void closes++ },
      ],
    });
    await Promise.all([edge.close(), edge.close()]);
    expect(closes).toBe(1);
    await expect(fetch(edge.url)).rejects.toThrow();
  });
});
