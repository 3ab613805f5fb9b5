/**
 * SQS for the lab: the `local-aws-sqs` package (AWS JSON 1.0 and query protocols) on an internal port, with
 * the edge in front. Queue URLs in replies point at the edge the client called, and any URL whose last
 * segment is the queue name is accepted in requests (the package finds queues by name).
 */
import { Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSqsServer } from 'local-aws-sqs';
import { forward, type EdgeReply, type EdgeRequest, type Provider } from '../edge';
import { LAB_ACCOUNT_ID, LAB_REGION } from '../sdk';
import { receiveAsAws } from './receive';

export interface SqsProviderOptions {
  /**
   * AWS refuses to re-create a queue name for 60 s after it was deleted (QueueDeletedRecently). Default true,
   * as AWS does; tests that re-create a queue under the same name may turn it off.
   */
  emulateQueueCreationLifecycle?: boolean;
}

export async function createSqsProvider(options: SqsProviderOptions = {}): Promise<Provider> {
  const server: Server = await createSqsServer({
    port: 0,
    hostname: '127.0.0.1',
    accountId: LAB_ACCOUNT_ID,
    region: LAB_REGION,
    emulateQueueCreationLifecycle: options.emulateQueueCreationLifecycle ?? true,
  });
  const port = (server.address() as AddressInfo).port;
  const internalOrigin = `http://127.0.0.1:${port}`;
  const target = { host: '127.0.0.1', port, agent: new Agent({ keepAlive: true, maxSockets: Infinity }) };

  return {
    service: 'sqs',
    async handle(req: EdgeRequest): Promise<EdgeReply> {
      const reply = await forward(target, receiveAsAws(req));
      const edgeOrigin = `http://${req.headers.host ?? `127.0.0.1:${port}`}`;
      return withQueueUrlsAt(reply, internalOrigin, edgeOrigin);
    },
    async close() {
      target.agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** Queue URLs the package builds name its own port; the client must see the edge it called instead. */
export function withQueueUrlsAt(reply: EdgeReply, internalOrigin: string, edgeOrigin: string): EdgeReply {
  if (!Buffer.isBuffer(reply.body) || internalOrigin === edgeOrigin) return reply;
  const text = reply.body.toString('utf8');
  if (!text.includes(internalOrigin)) return reply;
  return { ...reply, body: Buffer.from(text.split(internalOrigin).join(edgeOrigin), 'utf8') };
}
