/**
 * The lab's one AWS edge: a single HTTP endpoint that speaks every AWS wire protocol the system touches by
 * handing each request to one provider per service — the shape LocalStack uses.
 *
 * A request is dispatched by the signing name in its SigV4 credential scope
 * (`Authorization: AWS4-HMAC-SHA256 Credential=AKID/20261122/us-east-1/<service>/aws4_request, …`, or the
 * `X-Amz-Credential` query parameter of a presigned URL); failing that by its `X-Amz-Target` prefix; and,
 * for unsigned requests, by the shape of its path. Signatures are not checked (any credentials work).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { refuseBody } from './json-guard';

export interface EdgeRequest {
  method: string;
  /** The URL path, still percent-encoded exactly as the client sent it. */
  path: string;
  query: URLSearchParams;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
  /** SigV4 signing name from the Authorization credential scope (or what the edge inferred). */
  service: string;
  region: string;
  /** Aborted when the client goes away before its reply is sent (an abandoned long poll, say). */
  signal?: AbortSignal;
}

export interface EdgeReply {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; an async iterable of buffers is streamed as it comes (chunked). */
  body?: string | Buffer | object | AsyncIterable<Buffer>;
}

export interface Provider {
  readonly service: string | string[];
  handle(req: EdgeRequest): Promise<EdgeReply>;
  close?(): Promise<void>;
}

/** Answers one request as the edge would over HTTP, without a socket (see `in-process.ts`). */
export type EdgeDispatch = (req: Omit<EdgeRequest, 'service' | 'region'>) => Promise<EdgeReply>;

export interface Edge {
  url: string;
  port: number;
  dispatch: EdgeDispatch;
  /** Stops listening, drops open connections and closes every provider. */
  close(): Promise<void>;
}

export interface EdgeOptions {
  /** Default 4566; 0 = ephemeral. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** From this call on the edge owns them: it closes them on `close()`, or at once if it fails to start. */
  providers: Provider[];
}

const DEFAULT_REGION = 'us-east-1';

/** `X-Amz-Target` prefixes of the AWS JSON protocols, for requests that carry no credential scope. */
const TARGET_PREFIXES: ReadonlyArray<[string, string]> = [
  ['AmazonSQS.', 'sqs'],
  ['DynamoDB_20120810.', 'dynamodb'],
  ['DynamoDBStreams_20120810.', 'dynamodb'],
  ['AWSStepFunctions.', 'states'],
];

/** Path shapes of the REST protocols, for unsigned requests (a browser fetching a recording, curl). */
const PATH_SHAPES: ReadonlyArray<[RegExp, string]> = [
  [/^\/2015-03-31\/functions(\/|$)/, 'lambda'],
  [/^\/schedules(\/|$)|^\/schedule-groups(\/|$)/, 'scheduler'],
  [/^\/sip-media-applications(\/|$)/, 'chime'],
  [/^\/model(\/|$)/, 'bedrock'],
  [/^\/stream-transcription(\/|$)/, 'transcribe'],
];

/** Where a request goes: the pure part of the edge. */
export function routeOf(req: {
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: Buffer;
}): { service: string; region: string } {
  const scope = credentialScope(req.headers['authorization'] ?? req.query.get('X-Amz-Credential') ?? '');
  if (scope) return scope;
  const target = req.headers['x-amz-target'] ?? '';
  const byTarget = TARGET_PREFIXES.find(([prefix]) => target.startsWith(prefix));
  if (byTarget) return { service: byTarget[1], region: DEFAULT_REGION };
  const byPath = PATH_SHAPES.find(([shape]) => shape.test(req.path));
  if (byPath) return { service: byPath[1], region: DEFAULT_REGION };
  if (isSqsQuery(req)) return { service: 'sqs', region: DEFAULT_REGION };
  return { service: 's3', region: DEFAULT_REGION };
}

function credentialScope(value: string): { service: string; region: string } | undefined {
  const match =
    /Credential=[^/\s,]+\/\d{8}\/([^/\s,]+)\/([^/\s,]+)\/aws4_request/.exec(value) ??
    /^[^/\s,]+\/\d{8}\/([^/\s,]+)\/([^/\s,]+)\/aws4_request$/.exec(value);
  return match ? { region: match[1], service: match[2] } : undefined;
}

/** The SQS query protocol: `Action=SendMessage&…` in a form body, or in the query string. */
function isSqsQuery(req: { query: URLSearchParams; headers: Record<string, string>; body: Buffer }): boolean {
  const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const params = form ? new URLSearchParams(req.body.toString('utf8')) : req.query;
  return (
    /^[A-Z][A-Za-z]+$/.test(params.get('Action') ?? '') &&
    (params.has('QueueUrl') || params.has('QueueName') || params.get('Action') === 'ListQueues')
  );
}

/**
 * An AWS-shaped error in the request's own protocol family: XML for S3 (REST-XML) and the query protocol
 * (form posts), JSON for everything else (AWS JSON 1.0/1.1 and REST-JSON).
 */
export function awsError(
  req: { headers: Record<string, string>; service?: string },
  status: number,
  code: string,
  message: string,
): EdgeReply {
  const requestId = randomUUID();
  const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const json = 'x-amz-target' in req.headers || (req.service !== 's3' && !form);
  if (json) {
    return {
      status,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-errortype': code,
        'x-amzn-requestid': requestId,
      },
      body: { __type: code, message, Message: message },
    };
  }
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message><RequestId>${requestId}</RequestId></Error>`;
  return { status, headers: { 'content-type': 'application/xml', 'x-amzn-requestid': requestId }, body: xml };
}

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
}

const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-methods': 'GET, PUT, POST, DELETE, HEAD, OPTIONS, PATCH',
  'access-control-expose-headers':
    'etag, content-length, content-range, x-amz-request-id, x-amzn-requestid, x-amzn-errortype, ' +
    'x-amz-function-error, x-amz-log-result, x-amz-executed-version, x-amz-version-id, x-amz-delete-marker, ' +
    'x-amz-meta-*, last-modified, accept-ranges',
  'access-control-max-age': '86400',
};

function corsHeaders(req: IncomingMessage): Record<string, string> {
  return {
    ...CORS_HEADERS,
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
    vary: 'Origin',
  };
}

export async function startEdge(options: EdgeOptions): Promise<Edge> {
  const closeProviders = () =>
    Promise.all(
      options.providers.map((p) => p.close?.().catch((err) => logError('provider close failed', err))),
    ).then(() => undefined);
  const byService = new Map<string, Provider>();
  for (const provider of options.providers) {
    for (const name of [provider.service].flat()) {
      if (byService.has(name)) {
        await closeProviders();
        throw new Error(`two providers claim the service '${name}'`);
      }
      byService.set(name, provider);
    }
  }
  const host = options.host ?? '127.0.0.1';
  const wanted = options.port ?? 4566;
  const sockets = new Set<Socket>();

  let closing = false;
  const dispatch = dispatcher(byService, () => closing);
  const server = createServer((req, res) => {
    serve(req, res, dispatch).catch((err) => {
      logError('edge could not answer a request', err);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;

  return new Promise<Edge>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const message =
        err.code === 'EADDRINUSE'
          ? `port ${wanted} is already in use — another lab running? pass --port`
          : `the edge could not listen on ${host}:${wanted}: ${err.message}`;
      void closeProviders().then(() => reject(new Error(message, { cause: err })));
    });
    // a deep backlog: a bench may open a thousand connections at once
    server.listen({ port: wanted, host, backlog: 4096 }, () => {
      const port = (server.address() as AddressInfo).port;
      const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
      let closed: Promise<void> | undefined;
      resolve({
        url: `http://${urlHost}:${port}`,
        port,
        dispatch,
        close: () =>
          (closed ??= new Promise<void>((done) => {
            closing = true;
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          }).then(closeProviders)),
      });
    });
  });
}

async function serve(req: IncomingMessage, res: ServerResponse, dispatch: EdgeDispatch): Promise<void> {
  const cors = corsHeaders(req);
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    res.writeHead(204, cors).end();
    return;
  }
  const body = await readBody(req);
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableEnded) gone.abort(new Error('the client went away before its reply'));
  });
  const request = { method: req.method ?? 'GET', ...pathAndQuery(req.url ?? '/') };
  const reply = await dispatch({ ...request, headers: flatHeaders(req), body, signal: gone.signal });
  send(res, req.method === 'HEAD', reply, cors);
}

/** Routes a request to its service's provider and answers it; a provider's failure is a 500 InternalFailure. */
function dispatcher(byService: Map<string, Provider>, closing: () => boolean): EdgeDispatch {
  return async (request) => {
    const route = routeOf(request);
    const edgeRequest: EdgeRequest = { ...request, ...route };
    const provider = byService.get(route.service);
    const refused = provider && refuseBody(edgeRequest);
    if (refused) return awsError(edgeRequest, refused.status, refused.code, refused.message);
    if (!provider) {
      const served = [...byService.keys()].sort().join(', ') || 'none';
      return awsError(
        edgeRequest,
        501,
        'InternalFailure',
        `The lab's edge has no provider for the service '${route.service}' (the SigV4 signing name of the request). Services served: ${served}.`,
      );
    }
    try {
      return await provider.handle(edgeRequest);
    } catch (err) {
      // a request cut off by the edge closing is no failure worth a log line
      if (!closing())
        logError(`the ${route.service} provider failed on ${request.method} ${request.path}`, err);
      return awsError(
        edgeRequest,
        500,
        'InternalFailure',
        `The ${route.service} provider failed: ${errorText(err)}`,
      );
    }
  };
}

function send(res: ServerResponse, head: boolean, reply: EdgeReply, cors: Record<string, string>): void {
  const headers: Record<string, string> = { ...cors };
  for (const [name, value] of Object.entries(reply.headers ?? {})) headers[name.toLowerCase()] = value;
  const body = reply.body;
  if (body && typeof body === 'object' && Symbol.asyncIterator in body) {
    headers['x-amzn-requestid'] ??= randomUUID();
    res.writeHead(reply.status, headers);
    void streamBody(res, body as AsyncIterable<Buffer>);
    return;
  }
  let payload: Buffer | undefined;
  if (Buffer.isBuffer(reply.body)) payload = reply.body;
  else if (typeof reply.body === 'string') payload = Buffer.from(reply.body, 'utf8');
  else if (reply.body !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.body), 'utf8');
    headers['content-type'] ??= 'application/json';
  }
  headers['x-amzn-requestid'] ??= randomUUID();
  if (!head || !('content-length' in headers)) headers['content-length'] = String(payload?.length ?? 0);
  res.writeHead(reply.status, headers);
  res.end(head ? undefined : payload);
}

/** Writes each chunk as it comes; a client that goes away ends the stream (the iterator is returned). */
async function streamBody(res: ServerResponse, body: AsyncIterable<Buffer>): Promise<void> {
  try {
    for await (const chunk of body) {
      if (res.destroyed) break;
      res.write(chunk);
    }
  } catch (err) {
    logError('a streamed reply failed', err);
  } finally {
    res.end();
  }
}

/** The path exactly as sent (a WHATWG URL would resolve `..` and turn `\\` into `/`, which S3 keys may hold). */
function pathAndQuery(target: string): { path: string; query: URLSearchParams } {
  const origin = /^[a-z]+:\/\/[^/]*/i.exec(target);
  const relative = origin ? target.slice(origin[0].length) || '/' : target;
  const mark = relative.indexOf('?');
  return mark === -1
    ? { path: relative, query: new URLSearchParams() }
    : { path: relative.slice(0, mark), query: new URLSearchParams(relative.slice(mark + 1)) };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function logError(message: string, err: unknown): void {
  const error =
    err instanceof Error
      ? { name: err.name, message: err.message, stack: err.stack }
      : { message: String(err) };
  console.error(JSON.stringify({ level: 'ERROR', service: 'lab-edge', message, error }));
}

/**
 * Mounts an AWS JSON 1.0 API that knows nothing of HTTP — `handle(target, body)` → `{ status, body }`, as
 * `lab/stepfunctions` offers — on the edge: `jsonApiProvider('states', 'AWSStepFunctions.', sfn)`.
 */
export function jsonApiProvider(
  service: string,
  targetPrefix: string,
  api: { handle(target: string, body: unknown): Promise<{ status: number; body: unknown }> },
): Provider {
  const reply = (status: number, body: unknown): EdgeReply => {
    const type = (body as { __type?: unknown } | undefined)?.__type;
    const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0' };
    if (status >= 400 && typeof type === 'string') headers['x-amzn-errortype'] = type.replace(/^.*#/, '');
    return { status, headers, body: JSON.stringify(body ?? {}) };
  };
  return {
    service,
    async handle(req) {
      const target = req.headers['x-amz-target'] ?? '';
      if (req.method !== 'POST' || !target.startsWith(targetPrefix)) {
        return reply(400, {
          __type: 'UnknownOperationException',
          message: `Expected a POST with X-Amz-Target: ${targetPrefix}<Operation>, got ${req.method} '${target}'`,
        });
      }
      let body: unknown;
      try {
        const text = req.body.toString('utf8');
        body = text.trim() === '' ? {} : JSON.parse(text);
      } catch (err) {
        return reply(400, {
          __type: 'SerializationException',
          message: `The request body is not valid JSON: ${errorText(err)}`,
        });
      }
      const answer = await api.handle(target, body);
      return reply(answer.status, answer.body);
    },
  };
}
