/** Real local stand-ins for the services the integrations call (SQS: local-aws-sqs, DynamoDB: dynalite), on port 0. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { createSqsServer } from 'local-aws-sqs';
import { LabClock } from '../../lab/clock';
import type { TaskInvocation } from '../../lab/engine';

const require = createRequire(import.meta.url);

export const credentials = { accessKeyId: 'lab', secretAccessKey: 'lab' };
export const region = 'us-east-1';

export interface Running {
  endpoint: string;
  close(): Promise<void>;
}

function endpointOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
}

export async function startSqs(): Promise<Running> {
  const server = await createSqsServer({ port: 0, hostname: '127.0.0.1', region, accountId: '000000000000' });
  if (!server.listening) await new Promise((r) => server.once('listening', r));
  return { endpoint: endpointOf(server), close: closer(server) };
}

export async function startDynamo(): Promise<Running> {
  const dynalite = require('dynalite') as (options: object) => Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: endpointOf(server), close: closer(server) };
}

/** What the engine hands an integration, for calling one directly. */
export function taskOf(
  resource: string,
  parameters: unknown,
  extra: Partial<TaskInvocation> = {},
): TaskInvocation {
  const baseResource = resource.replace(/\.(waitForTaskToken|sync(:2)?)$/, '');
  return {
    resource,
    baseResource,
    pattern: resource.endsWith('.waitForTaskToken') ? 'waitForTaskToken' : 'request-response',
    parameters,
    executionArn: 'arn:aws:states:us-east-1:000000000000:execution:sm:exec',
    stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sm',
    stateName: 'Task',
    signal: new AbortController().signal,
    clock: new LabClock({ speed: 0 }),
    ...extra,
  };
}
