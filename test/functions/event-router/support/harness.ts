/**
 * The real router (factory) wired to a real local SQS (`local-aws-sqs`) and the Step Functions stand-in,
 * through real SDK clients — plus a simulated call that carries TransactionAttributes from turn to turn
 * the way PSTN audio does.
 */
import type { AddressInfo } from 'node:net';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';
import type { PstnResponse } from '../../../../functions/pstn';
import {
  createRouter,
  type Router,
  type RouterLogger,
  type RouterOptions,
} from '../../../../functions/event-router';
import { CALL_FLOWS, pstnEvent, type EventOptions } from './events';
import { startStepFunctions, type StepFunctionsStandIn } from './step-functions';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  extra: Record<string, unknown>[];
}

export function captureLogs(lines: LogLine[]): RouterLogger {
  const at =
    (level: LogLine['level']) =>
    (message: string, ...extra: Record<string, unknown>[]) =>
      void lines.push({ level, message, extra });
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface Harness {
  sqs: SQSClient;
  sfn: SFNClient;
  stepFunctions: StepFunctionsStandIn;
  logs: LogLine[];
  router: Router;
  /** Another Lambda instance of the same router (same clients, its own memory). */
  newInstance(): Router;
  close(): Promise<void>;
}

export async function startHarness(options: Partial<RouterOptions> = {}): Promise<Harness> {
  const sqsServer = await createSqsServer({ port: 0, hostname: '127.0.0.1' });
  const endpoint = `http://127.0.0.1:${(sqsServer.address() as AddressInfo).port}`;
  const sqs = new SQSClient({ endpoint, region: 'us-east-1', credentials });
  const stepFunctions = await startStepFunctions(sqs);
  const sfn = new SFNClient({ endpoint: stepFunctions.url, region: 'us-east-1', credentials });
  const logs: LogLine[] = [];
  const newInstance = () =>
    createRouter({ sqs, sfn, callFlows: CALL_FLOWS, logger: captureLogs(logs), ...options });
  return {
    sqs,
    sfn,
    stepFunctions,
    logs,
    router: newInstance(),
    newInstance,
    async close() {
      sqs.destroy();
      sfn.destroy();
      await stepFunctions.close();
      await new Promise((resolve) => sqsServer.close(resolve));
    },
  };
}

/** One call as PSTN audio sees it: a transaction id, a sequence, and the stored TransactionAttributes. */
export class SimulatedCall {
  attributes: Record<string, string> | undefined;
  sequence = 0;
  lastEvent: unknown;

  constructor(
    private readonly router: Router,
    readonly transactionId: string,
    private readonly defaults: EventOptions = {},
  ) {}

  /** Sends one event; stores the response's TransactionAttributes as PSTN audio would. */
  async send(type: string, options: EventOptions = {}, router: Router = this.router): Promise<PstnResponse> {
    const event = pstnEvent(type, {
      ...this.defaults,
      transactionId: this.transactionId,
      sequence: ++this.sequence,
      attributes: this.attributes,
      ...options,
    });
    this.lastEvent = event;
    const response = await router(event);
    if (response.TransactionAttributes) this.attributes = response.TransactionAttributes;
    return response;
  }

  /** The same event again, as PSTN audio retries it after 5 s without an answer. */
  async retry(router: Router = this.router): Promise<PstnResponse> {
    return router(this.lastEvent);
  }
}

export const speak = (text: string) => ({
  SchemaVersion: '1.0',
  Actions: [{ Type: 'Speak', Parameters: { Text: text } }],
});
