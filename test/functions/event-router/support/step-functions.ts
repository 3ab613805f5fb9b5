/**
 * A small Step Functions stand-in for the router's integration tests: an in-process HTTP server speaking
 * AWS JSON 1.0 (`X-Amz-Target: AWSStepFunctions.<Operation>`) for the calls the router makes —
 * StartExecution, SendTaskSuccess, SendTaskFailure, DescribeExecution, StopExecution — with AWS's error
 * names. It records every call, and plays a scripted workflow per execution: post a message with a fresh
 * task token to the call queue, wait until the router completes that token, post the next one; the
 * execution SUCCEEDS when the script ends, FAILS at a `fail` step, and is ABORTED by StopExecution.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** One message the workflow puts on the call queue. */
export interface Step {
  /** The PSTN response; TransactionAttributes {WaitToken, QueueUrl} are added unless `token` is false. */
  message?: Record<string, unknown>;
  /** A raw body instead (e.g. not JSON). */
  raw?: string;
  /** Wait this long before posting (a slow workflow step). */
  delayMs?: number;
  /** false: a plain sqs:sendMessage, nobody waits for a token. */
  token?: boolean;
  /** Instead of posting: the execution fails with this error (an uncaught error in the workflow). */
  fail?: { error: string; cause: string };
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

export interface Completion {
  token: string;
  status: 'success' | 'failure';
  output?: unknown;
  error?: string;
  cause?: string;
}

export interface Execution {
  name: string;
  executionArn: string;
  input: { QueueUrl: string; Event: Record<string, unknown> };
  rawInput: string;
  completions: Completion[];
  status: ExecutionStatus;
  /** The error and cause it FAILED or was ABORTED with. */
  ended?: { error?: string; cause?: string };
  finished: Promise<void>;
  /** Why the script stopped early (e.g. the call queue was deleted under it). */
  error?: Error;
}

export interface StepFunctionsStandIn {
  url: string;
  /** Every request, in order: operation and parsed body. */
  calls: { operation: string; body: Record<string, unknown> }[];
  executions: Map<string, Execution>;
  /** Completions of every token, scripted or issued. */
  completions: Completion[];
  /** The script each new execution plays. */
  script: (input: Execution['input']) => Step[];
  /** While true, every request fails with a 500 (Step Functions is down). */
  down: boolean;
  /** Every answer is held back this long (a throttled or hanging Step Functions). */
  stallMs: number;
  /** A token some workflow state waits on, outside any script (for messages a test posts itself). */
  issueToken(): string;
  close(): Promise<void>;
}

const STATES_ERROR_PREFIX = 'com.amazonaws.swf.service.v2.model#';

export async function startStepFunctions(sqs: SQSClient): Promise<StepFunctionsStandIn> {
  const tokens = new Map<string, { state: 'waiting' | 'closed'; resolve: () => void }>();
  let tokenCount = 0;

  const newToken = (): { token: string; done: Promise<void> } => {
    const token = `token-${++tokenCount}-${Math.random().toString(36).slice(2)}`;
    let resolve = () => {};
    const done = new Promise<void>((r) => (resolve = r));
    tokens.set(token, { state: 'waiting', resolve });
    return { token, done };
  };

  const standIn: StepFunctionsStandIn = {
    url: '',
    calls: [],
    executions: new Map(),
    completions: [],
    script: () => [],
    down: false,
    stallMs: 0,
    issueToken: () => newToken().token,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  const stoppers = new Map<string, () => void>();

  async function play(execution: Execution, steps: Step[]): Promise<void> {
    const stopped = new Promise<'stopped'>((resolve) =>
      stoppers.set(execution.name, () => resolve('stopped')),
    );
    for (const step of steps) {
      if (step.delayMs) await Promise.race([new Promise((r) => setTimeout(r, step.delayMs)), stopped]);
      if (execution.status !== 'RUNNING') return;
      if (step.fail) {
        execution.status = 'FAILED';
        execution.ended = step.fail;
        return;
      }
      const { token, done } =
        step.token === false ? { token: undefined, done: Promise.resolve() } : newToken();
      const body =
        step.raw ??
        JSON.stringify({
          ...step.message,
          ...(token === undefined
            ? {}
            : {
                TransactionAttributes: {
                  ...(step.message?.TransactionAttributes as object),
                  WaitToken: token,
                  QueueUrl: execution.input.QueueUrl,
                },
              }),
        });
      await sqs.send(new SendMessageCommand({ QueueUrl: execution.input.QueueUrl, MessageBody: body }));
      await Promise.race([done, stopped]);
      if (execution.status !== 'RUNNING') return;
    }
    execution.status = 'SUCCEEDED';
  }

  const byArn = (body: Record<string, unknown>) =>
    [...standIn.executions.values()].find((e) => e.executionArn === body.executionArn);
  const noExecution = (body: Record<string, unknown>) =>
    failure('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(body.executionArn)}'`);

  const operations: Record<string, (body: Record<string, unknown>) => [number, Record<string, unknown>]> = {
    StartExecution(body) {
      const name = String(body.name);
      const rawInput = String(body.input);
      const existing = standIn.executions.get(name);
      if (existing) {
        return existing.rawInput === rawInput
          ? [200, { executionArn: existing.executionArn, startDate: 1 }]
          : failure('ExecutionAlreadyExists', `Execution Already Exists: '${existing.executionArn}'`);
      }
      const executionArn = `${String(body.stateMachineArn).replace(':stateMachine:', ':execution:')}:${name}`;
      const execution: Execution = {
        name,
        executionArn,
        input: JSON.parse(rawInput),
        rawInput,
        completions: [],
        status: 'RUNNING',
        finished: Promise.resolve(),
      };
      standIn.executions.set(name, execution);
      execution.finished = play(execution, standIn.script(execution.input)).catch((error: Error) => {
        execution.error = error;
        execution.status = 'FAILED';
        execution.ended = { error: error.name, cause: error.message };
      });
      return [200, { executionArn, startDate: Date.now() / 1000 }];
    },
    SendTaskSuccess: (body) => complete(body, { status: 'success', output: JSON.parse(String(body.output)) }),
    SendTaskFailure: (body) =>
      complete(body, { status: 'failure', error: body.error as string, cause: body.cause as string }),
    DescribeExecution(body) {
      const execution = byArn(body);
      if (!execution) return noExecution(body);
      return [
        200,
        {
          executionArn: execution.executionArn,
          name: execution.name,
          status: execution.status,
          startDate: 1,
          ...(execution.ended ?? {}),
        },
      ];
    },
    StopExecution(body) {
      const execution = byArn(body);
      if (!execution) return noExecution(body);
      if (execution.status === 'RUNNING') {
        execution.status = 'ABORTED';
        execution.ended = { error: body.error as string, cause: body.cause as string };
        stoppers.get(execution.name)?.();
      }
      return [200, { stopDate: Date.now() / 1000 }];
    },
  };

  function complete(
    body: Record<string, unknown>,
    outcome: Omit<Completion, 'token'>,
  ): [number, Record<string, unknown>] {
    const token = String(body.taskToken);
    const entry = tokens.get(token);
    if (!entry) return failure('InvalidToken', "Invalid Token: 'Invalid token'");
    if (entry.state === 'closed')
      return failure('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    entry.state = 'closed';
    const completion = { token, ...outcome };
    standIn.completions.push(completion);
    for (const execution of standIn.executions.values()) execution.completions.push(completion);
    entry.resolve();
    return [200, {}];
  }

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const operation = String(request.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      standIn.calls.push({ operation, body });
      const handler = operations[operation];
      const [status, payload] = standIn.down
        ? failure('InternalFailure', 'Step Functions is down (stand-in)', 500)
        : handler
          ? handler(body)
          : failure('UnknownOperationException', `The stand-in does not implement ${operation}`);
      const send = () => {
        response.writeHead(status, {
          'content-type': 'application/x-amz-json-1.0',
          ...(status === 200 ? {} : { 'x-amzn-errortype': String(payload.__type).split('#')[1] }),
        });
        response.end(JSON.stringify(payload));
      };
      if (standIn.stallMs > 0) setTimeout(send, standIn.stallMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}

function failure(name: string, message: string, status = 400): [number, Record<string, unknown>] {
  return [status, { __type: `${STATES_ERROR_PREFIX}${name}`, message }];
}
