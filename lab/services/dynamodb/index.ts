/**
 * DynamoDB for the lab: `dynalite` in memory on an internal port, with the edge in front. Tables are ACTIVE
 * at once. dynalite has no UpdateTimeToLive; this provider answers it and DescribeTimeToLive itself.
 */
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import type { EdgeReply, EdgeRequest, Provider } from '../edge';
import { forward } from './forward';
import { timeToLive, type TimeToLiveSettings } from './ttl';

export async function createDynamoDbProvider(): Promise<Provider> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ready());
  });
  const port = (server.address() as AddressInfo).port;
  const target = { host: '127.0.0.1', port, agent: new Agent({ keepAlive: true, maxSockets: Infinity }) };
  const ttl: TimeToLiveSettings = new Map();
  const send = (req: EdgeRequest) => forward(target, req);

  return {
    service: 'dynamodb',
    async handle(req: EdgeRequest): Promise<EdgeReply> {
      const operation = (req.headers['x-amz-target'] ?? '').replace(/^DynamoDB_20120810\./, '');
      if (operation === 'UpdateTimeToLive' || operation === 'DescribeTimeToLive') {
        return timeToLive(operation, req, ttl, send);
      }
      const reply = await send(req);
      if (operation === 'DeleteTable' && reply.status === 200) ttl.delete(tableNameOf(req));
      return reply;
    },
    async close() {
      target.agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function tableNameOf(req: EdgeRequest): string {
  try {
    return String((JSON.parse(req.body.toString('utf8')) as { TableName?: unknown }).TableName ?? '');
  } catch {
    return '';
  }
}
