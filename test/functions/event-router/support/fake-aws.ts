/**
 * In-process stand-ins for the SQS and Step Functions clients, for the fuzz test: no HTTP,
 * so thousands of turns run in seconds and only the router's own code is measured. Time is a fake clock
 * the router reads through `now`; an empty long poll moves it forward by WaitTimeSeconds, as waiting would.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';

type Input = Record<string, unknown>;
interface Command {
  input: Input;
}

/** What the fake workflow does when the router starts it or completes one of its tasks. */
export type Reaction =
  | { post: string } // put this body on the call queue
  | { fail: string } // the Step Functions call fails with this error name
  | { nothing: true };

export const awsError = (name: string, message = name) => Object.assign(new Error(message), { name });

export class FakeAws {
  clock = 1_700_000_000_000;
  readonly queues = new Map<string, string[]>();
  readonly calls: { operation: string; input: Input }[] = [];
  /** Decides each Step Functions call's effect; the default posts nothing. */
  react: (operation: string, input: Input) => Reaction = () => ({ nothing: true });
  /** When set, every SQS call fails with this error name. */
  sqsDown?: string;
  /** Where messages posted after SendTask* go (StartExecution posts to its input's QueueUrl). */
  followUpQueue?: string;
  /** Receiving from a queue the fake has not seen creates it (events may name any QueueUrl). */
  autoCreateQueues = true;

  readonly now = () => this.clock;

  readonly sqs = {
    send: async (command: Command) => {
      const operation = command.constructor.name.replace(/Command$/, '');
      const input = command.input;
      this.calls.push({ operation, input });
      if (this.sqsDown) throw awsError(this.sqsDown);
      const url = String(
        input.QueueUrl ?? `https://sqs.us-east-1.amazonaws.com/123456789012/${String(input.QueueName)}`,
      );
      switch (operation) {
        case 'CreateQueue':
          if (!this.queues.has(url)) this.queues.set(url, []);
          return { QueueUrl: url };
        case 'GetQueueUrl':
          return { QueueUrl: url };
        case 'ReceiveMessage': {
          if (this.autoCreateQueues && !this.queues.has(url)) this.queues.set(url, []);
          const queue = this.queues.get(url);
          if (!queue) throw awsError('QueueDoesNotExist', 'The specified queue does not exist.');
          const count = Number(input.MaxNumberOfMessages ?? 1);
          const bodies = queue.splice(0, count);
          if (bodies.length === 0) this.clock += Number(input.WaitTimeSeconds ?? 0) * 1000;
          return {
            Messages: bodies.map((Body, i) => ({ Body, ReceiptHandle: `r-${i}`, MessageId: `m-${i}` })),
          };
        }
        case 'DeleteMessage':
          return {};
        case 'DeleteQueue':
          if (!this.queues.delete(url))
            throw awsError('QueueDoesNotExist', 'The specified queue does not exist.');
          return {};
        default:
          throw awsError('InvalidAction', `the fake SQS does not implement ${operation}`);
      }
    },
  } as unknown as SQSClient;

  readonly sfn = {
    send: async (command: Command) => {
      const operation = command.constructor.name.replace(/Command$/, '');
      const input = command.input;
      this.calls.push({ operation, input });
      const reaction = this.react(operation, input);
      if ('fail' in reaction) throw awsError(reaction.fail);
      if ('post' in reaction) {
        const queueUrl =
          operation === 'StartExecution'
            ? (JSON.parse(String(input.input)) as { QueueUrl: string }).QueueUrl
            : this.followUpQueue;
        if (queueUrl !== undefined) this.queues.get(queueUrl)?.push(reaction.post);
      }
      return operation === 'StartExecution'
        ? { executionArn: 'arn:aws:states:us-east-1:123456789012:execution:x:y', startDate: new Date() }
        : {};
    },
  } as unknown as SFNClient;
}
