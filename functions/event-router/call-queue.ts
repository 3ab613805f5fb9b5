/**
 * The call queue (one SQS queue per call): where the workflow puts the next response for the router. Thin
 * I/O shell; every call is bounded by the turn's abort signal.
 */
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { TurnBudget } from './turn-budget';

/** Fixed queue attributes: a retried CreateQueue sends exactly these again, which SQS treats as idempotent.
 *  A short visibility timeout brings back a message whose receiver died before deleting it. Encryption is asked
 *  for, not left to the account's default: SSE-SQS (SQS-owned keys, no KMS permissions needed). */
const QUEUE_ATTRIBUTES = { VisibilityTimeout: '5', SqsManagedSseEnabled: 'true' };
/** Below a second of budget, short polls this far apart (a long poll would outlast the budget). */
const SHORT_POLL_GAP_MS = 150;
/** At most this many short polls when emptying a queue at the end of a call (10 messages each). */
const MAX_DRAIN_POLLS = 10;

export interface QueueTags {
  TransactionId: string;
  StateMachineArn: string;
  CreatedAt: string;
}

const isMissingQueue = (error: unknown) =>
  error instanceof Error &&
  (error.name === 'QueueDoesNotExist' || error.name === 'AWS.SimpleQueueService.NonExistentQueue');

/** Waits `ms` (real time in Lambda), or less if `signal` aborts first. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export class CallQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly sleep: Sleep = pause,
  ) {}

  /** Creates the queue, or finds it if a retried invocation already created it; returns its URL. CreateQueue
   *  with the same attributes is idempotent; a differing CreatedAt tag may still be refused (local-aws-sqs
   *  compares tags), so a queue that exists under this call's name is looked up instead. */
  async create(name: string, tags: QueueTags, signal: AbortSignal): Promise<string> {
    let url: string | undefined;
    try {
      const out = await this.sqs.send(
        new CreateQueueCommand({ QueueName: name, Attributes: QUEUE_ATTRIBUTES, tags: { ...tags } }),
        { abortSignal: signal },
      );
      url = out.QueueUrl;
    } catch (error) {
      if (!(error instanceof Error && error.name === 'QueueNameExists')) throw error;
      url = (await this.sqs.send(new GetQueueUrlCommand({ QueueName: name }), { abortSignal: signal }))
        .QueueUrl;
    }
    if (!url) throw new Error(`CreateQueue ${name} returned no QueueUrl`);
    return url;
  }

  /**
   * Long-polls for one message within the budget; deletes and returns its body, or undefined if none came.
   * A failed deletion does not lose the message: it is returned, and `onDeleteFailed` hears about it (the
   * message comes back after the visibility timeout, its token by then used).
   */
  async receive(
    queueUrl: string,
    budget: TurnBudget,
    onDeleteFailed: (error: unknown) => void,
  ): Promise<string | undefined> {
    const signal = budget.signal();
    const waitSeconds = budget.pollSeconds();
    let message;
    try {
      const out = await this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 1,
          WaitTimeSeconds: waitSeconds,
        }),
        { abortSignal: signal },
      );
      message = out.Messages?.[0];
    } catch (error) {
      if (signal.aborted) return undefined;
      throw error;
    }
    if (message === undefined) {
      if (waitSeconds === 0) await this.sleep(Math.min(SHORT_POLL_GAP_MS, budget.remaining()), signal);
      return undefined;
    }
    if (message.ReceiptHandle !== undefined) {
      await this.sqs
        .send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }), {
          abortSignal: budget.finalSignal(),
        })
        .catch(onDeleteFailed);
    }
    return message.Body ?? '';
  }

  /** Takes every message still in the queue (short polls). A queue already gone holds nothing. */
  async drain(queueUrl: string, signal: AbortSignal): Promise<string[]> {
    const bodies: string[] = [];
    try {
      for (let poll = 0; poll < MAX_DRAIN_POLLS; poll++) {
        const out = await this.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
          { abortSignal: signal },
        );
        const messages = out.Messages ?? [];
        if (messages.length === 0) break;
        for (const message of messages) bodies.push(message.Body ?? '');
      }
    } catch (error) {
      if (!isMissingQueue(error)) throw error;
    }
    return bodies;
  }

  /** The URL of the queue with this name, or undefined when there is none. */
  async find(name: string, signal: AbortSignal): Promise<string | undefined> {
    try {
      return (await this.sqs.send(new GetQueueUrlCommand({ QueueName: name }), { abortSignal: signal }))
        .QueueUrl;
    } catch (error) {
      if (isMissingQueue(error)) return undefined;
      throw error;
    }
  }

  /** Deletes the queue; one that is already gone (a retried final HANGUP) is fine. */
  async delete(queueUrl: string, signal: AbortSignal): Promise<void> {
    try {
      await this.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }), { abortSignal: signal });
    } catch (error) {
      if (!isMissingQueue(error)) throw error;
    }
  }
}

/** Real time (Lambda code): waits `ms`, or less if the turn's signal aborts first. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
