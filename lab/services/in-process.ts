/**
 * The lab's own SDK clients (the event router, the engine's integrations, the functions the lab runs) reach
 * the edge without a socket: the same SDK builds, serialises and signs every request, and this handler hands
 * it to the edge's dispatcher in the same process. Everything outside the process (AWS CLI, a user's SDK,
 * the web phone) still uses the edge's HTTP endpoint; `LAB_TRANSPORT=http` sends the lab's clients there too.
 */
import { Readable } from 'node:stream';
import type { EdgeDispatch, EdgeReply } from './edge';

/** What the SDK hands a request handler (the fields of @smithy's HttpRequest this handler reads). */
export interface SdkHttpRequest {
  method: string;
  path: string;
  query?: Record<string, string | Array<string> | null>;
  headers: Record<string, string>;
  body?: unknown;
}

export interface SdkHttpResponse {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  body: Readable;
}

export type LabTransport = 'in-process' | 'http';

/** The transport the lab's own clients use: in-process unless `LAB_TRANSPORT=http`. */
export function labTransport(env: NodeJS.ProcessEnv = process.env): LabTransport {
  const wanted = (env.LAB_TRANSPORT ?? '').trim().toLowerCase();
  if (wanted === '' || wanted === 'in-process') return 'in-process';
  if (wanted === 'http') return 'http';
  throw new Error(`LAB_TRANSPORT must be "in-process" or "http", not "${env.LAB_TRANSPORT}"`);
}

export class InProcessHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };

  /** `dispatch` is asked for on each request, so a client may be built before the edge exists. */
  constructor(private readonly dispatch: () => EdgeDispatch) {}

  async handle(
    request: SdkHttpRequest,
    options: { abortSignal?: unknown } = {},
  ): Promise<{ response: SdkHttpResponse }> {
    // the SDK passes a standard AbortSignal (its own type for it is a structural subset)
    const signal = options.abortSignal as AbortSignal | undefined;
    if (signal?.aborted) throw abortError();
    const body = await bodyBytes(request.body);
    const gone = new AbortController();
    const reply = this.dispatch()({
      method: request.method,
      path: request.path,
      query: queryOf(request.query),
      headers: lowerCased(request.headers),
      body,
      signal: gone.signal,
    });
    if (!signal) return { response: responseOf(await reply, request.method) };
    // as over a socket: the client stops waiting at once, and the provider learns that its caller went away
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        gone.abort(new Error('the client went away before its reply'));
        reject(abortError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      reply.then(
        (r) => {
          signal.removeEventListener('abort', onAbort);
          resolve({ response: responseOf(r, request.method) });
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }

  // the SDK's handler-configuration hooks; there is nothing to configure without a socket
  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
  destroy(): void {}
}

function abortError(): Error {
  return Object.assign(new Error('Request aborted'), { name: 'AbortError' });
}

function queryOf(query: SdkHttpRequest['query']): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === null) params.append(name, '');
    else for (const v of [value].flat()) params.append(name, v);
  }
  return params;
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = String(value);
  return out;
}

async function bodyBytes(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof Readable || isAsyncIterable(body)) {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  }
  throw new TypeError(`the in-process transport cannot send a request body of type ${typeof body}`);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** The reply as the edge would have written it to a socket: same status, headers and bytes. */
export function responseOf(reply: EdgeReply, method = 'GET'): SdkHttpResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers ?? {})) headers[name.toLowerCase()] = value;
  // a streamed reply (ConverseStream's event stream) is passed on as it comes
  if (isAsyncIterable(reply.body) && !Buffer.isBuffer(reply.body))
    return { statusCode: reply.status, headers, body: Readable.from(reply.body as AsyncIterable<Buffer>) };
  let payload: Buffer;
  if (Buffer.isBuffer(reply.body)) payload = reply.body;
  else if (typeof reply.body === 'string') payload = Buffer.from(reply.body, 'utf8');
  else if (reply.body !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.body), 'utf8');
    headers['content-type'] ??= 'application/json';
  } else payload = Buffer.alloc(0);
  headers['content-length'] ??= String(payload.length);
  if (method === 'HEAD') payload = Buffer.alloc(0);
  return { statusCode: reply.status, headers, body: Readable.from(payload.length > 0 ? [payload] : []) };
}
