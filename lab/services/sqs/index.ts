/**
 * SQS for the lab: the `local-aws-sqs` package (AWS JSON 1.0 and query protocols). Its request handler runs
 * in-process behind the edge — no second server, no second socket per long poll. Queue URLs in replies point
 * at the edge the client called, and any URL whose last segment is the queue name is accepted in requests
 * (the package finds queues by name).
 */
import { Readable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequestHandler, wakePolls } from './package';
import type { EdgeReply, EdgeRequest, Provider } from '../edge';
import { LAB_ACCOUNT_ID, LAB_REGION } from '../sdk';
import { receiveAsAws, type QueueLookup } from './receive';

export interface SqsProviderOptions {
  /**
   * AWS refuses to re-create a queue name for 60 s after it was deleted (QueueDeletedRecently). Default true,
   * as AWS does; tests that re-create a queue under the same name may turn it off.
   */
  emulateQueueCreationLifecycle?: boolean;
}

/** The origin the package writes into queue URLs; replaced by the edge's on the way out. */
const PACKAGE_HOST = 'local-aws-sqs.lab.internal';
const PACKAGE_ORIGIN = `http://${PACKAGE_HOST}`;

export interface SqsProvider extends Provider {
  /** Names of the queues that exist now, without those being deleted (which AWS, and ListQueues here, may
   * still show for up to 60 s). The lab's "no call queue left behind" check reads this. */
  queueNames(): string[];
}

export async function createSqsProvider(options: SqsProviderOptions = {}): Promise<SqsProvider> {
  const { requestHandler, service } = createRequestHandler({
    port: 80, // no port in the URLs it writes
    hostname: PACKAGE_HOST,
    accountId: LAB_ACCOUNT_ID,
    region: LAB_REGION,
    emulateQueueCreationLifecycle: options.emulateQueueCreationLifecycle ?? true,
  });

  const lookup: QueueLookup = (name) => {
    if (service.deletingQueues.has(name)) return undefined;
    return service.Queues.find((q) => q.QueueName === name) as ReturnType<QueueLookup>;
  };

  return {
    service: 'sqs',
    async handle(req: EdgeRequest): Promise<EdgeReply> {
      const asAws = await receiveAsAws(req, lookup);
      if ('reply' in asAws) return asAws.reply;
      const reply = await answer(requestHandler, asAws.request);
      if (req.signal?.aborted) await release(requestHandler, req, reply);
      // what this request changed (a message sent, made visible) wakes the polls of its queue at once
      wakePolls(queueNameOf(req));
      return withQueueUrlsAt(reply, PACKAGE_ORIGIN, `http://${req.headers.host ?? '127.0.0.1:4566'}`);
    },
    queueNames() {
      return service.Queues.map((q) => q.QueueName)
        .filter((name) => !service.deletingQueues.has(name))
        .sort();
    },
    async close() {
      service.resetAll(); // drops every message and its timers
    },
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Runs the package's handler on a request held in memory, and collects what it writes. */
function answer(handler: Handler, req: EdgeRequest): Promise<EdgeReply> {
  return new Promise<EdgeReply>((resolve, reject) => {
    const incoming = Object.assign(Readable.from(req.body.length > 0 ? [req.body] : []), {
      headers: req.headers,
      method: req.method,
      url: req.path,
    });
    const headers: Record<string, string> = {};
    const outgoing = {
      statusCode: 200,
      setHeader(name: string, value: string | number) {
        headers[name.toLowerCase()] = String(value);
        return outgoing;
      },
      end(body?: string | Buffer) {
        resolve({
          status: outgoing.statusCode,
          headers,
          body: body === undefined ? Buffer.alloc(0) : Buffer.from(body),
        });
        return outgoing;
      },
    };
    Promise.resolve(
      handler(incoming as unknown as IncomingMessage, outgoing as unknown as ServerResponse),
    ).catch(reject);
  });
}

/**
 * Messages received for a client that has gone (a long poll it abandoned) would stay invisible for the
 * visibility timeout, stalling whoever polls next; they are made visible again at once.
 */
async function release(handler: Handler, req: EdgeRequest, reply: EdgeReply): Promise<void> {
  const handles = receiptHandlesIn(reply);
  if (handles.length === 0) return;
  const queueUrl = queueUrlOf(req);
  if (!queueUrl) return;
  for (const ReceiptHandle of handles) {
    await answer(handler, {
      ...req,
      signal: undefined,
      headers: {
        host: req.headers.host ?? '',
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.ChangeMessageVisibility',
      },
      body: Buffer.from(JSON.stringify({ QueueUrl: queueUrl, ReceiptHandle, VisibilityTimeout: 0 }), 'utf8'),
    });
  }
}

function queueNameOf(req: EdgeRequest): string | undefined {
  return queueUrlOf(req)?.split('/').pop();
}

function receiptHandlesIn(reply: EdgeReply): string[] {
  if (reply.status !== 200 || !Buffer.isBuffer(reply.body)) return [];
  const text = reply.body.toString('utf8');
  if (text.startsWith('{')) {
    const messages = (JSON.parse(text) as { Messages?: Array<{ ReceiptHandle?: string }> }).Messages ?? [];
    return messages.flatMap((m) => (m.ReceiptHandle ? [m.ReceiptHandle] : []));
  }
  return [...text.matchAll(/<ReceiptHandle>([^<]+)<\/ReceiptHandle>/g)].map((m) => m[1]);
}

function queueUrlOf(req: EdgeRequest): string | undefined {
  const text = req.body.toString('utf8');
  if (req.headers['x-amz-target']) {
    try {
      return (JSON.parse(text) as { QueueUrl?: string }).QueueUrl;
    } catch {
      return undefined;
    }
  }
  return new URLSearchParams(text).get('QueueUrl') ?? undefined;
}

/** Queue URLs the package builds name its own origin; the client must see the edge it called instead. */
export function withQueueUrlsAt(reply: EdgeReply, packageOrigin: string, edgeOrigin: string): EdgeReply {
  if (!Buffer.isBuffer(reply.body)) return reply;
  const text = reply.body.toString('utf8');
  if (!text.includes(packageOrigin)) return reply;
  return { ...reply, body: Buffer.from(text.split(packageOrigin).join(edgeOrigin), 'utf8') };
}
