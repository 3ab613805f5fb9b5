/**
 * `npm run smoke`: one synthetic call through the deployed event router — NEW_INBOUND_CALL, a few turns, HANGUP —
 * invoking the router Lambda directly, as PSTN audio would. It proves the router, the call queue, the workflow and
 * the permissions between them are wired, then checks the call left nothing behind (removing what it finds).
 * No telephone rings; the cost is a few Lambda, SQS and Step Functions requests.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteQueueCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DescribeExecutionCommand, StopExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { APOLOGY_TEXT } from '../../functions/event-router/responses';
import {
  actionSuccessful,
  classify,
  hangup,
  newInboundCall,
  smokeCall,
  type RouterResponse,
  type SmokeCall,
  type TurnKind,
} from './events';

export interface SmokeOptions {
  readonly lambda: LambdaClient;
  readonly sqs: SQSClient;
  readonly sfn: SFNClient;
  /** The event router's function name or ARN. */
  readonly functionName: string;
  /** The line's number (the router picks the call flow by it). */
  readonly number: string;
  /** The line's state machine: the call's execution is `<it>:call-<TransactionId>`. */
  readonly stateMachineArn: string;
  /** Turns after NEW_INBOUND_CALL. @default 3 */
  readonly turns?: number;
  readonly call?: Partial<SmokeCall>;
  /** How long to wait for the execution to end after HANGUP. @default 20 s */
  readonly settleMs?: number;
}

export interface SmokeTurn {
  readonly event: string;
  readonly kind: TurnKind;
  readonly actions: string[];
}

export interface SmokeReport {
  readonly ok: boolean;
  readonly transactionId: string;
  readonly turns: SmokeTurn[];
  /** Problems, each saying what went wrong. */
  readonly problems: string[];
  /** What the call left behind and the smoke test removed. */
  readonly cleaned: string[];
}

export async function runSmoke(options: SmokeOptions): Promise<SmokeReport> {
  const call = smokeCall(options.number, options.call);
  const turns: SmokeTurn[] = [];
  const problems: string[] = [];
  const invoke = async (event: { InvocationEventType: string }): Promise<RouterResponse> => {
    const result = await options.lambda.send(
      new InvokeCommand({ FunctionName: options.functionName, Payload: Buffer.from(JSON.stringify(event)) }),
    );
    const text = Buffer.from(result.Payload ?? []).toString('utf8');
    if (result.FunctionError) throw new Error(`the router failed on ${event.InvocationEventType}: ${text}`);
    const response = (text ? JSON.parse(text) : null) as RouterResponse;
    const kind = classify(response, APOLOGY_TEXT);
    turns.push({
      event: event.InvocationEventType,
      kind,
      actions: (response?.Actions ?? []).map((a) => a.Type ?? '?'),
    });
    return response;
  };

  let attributes: Record<string, string> | undefined;
  try {
    let response = await invoke(newInboundCall(call));
    for (let sequence = 2; sequence <= 1 + (options.turns ?? 3); sequence++) {
      const kind = turns[turns.length - 1]!.kind;
      if (kind === 'apology' || kind === 'hangup' || kind === 'invalid') break;
      attributes = response.TransactionAttributes ?? attributes;
      response = await invoke(
        actionSuccessful(call, sequence, { ...response, TransactionAttributes: attributes }),
      );
    }
    attributes = response.TransactionAttributes ?? attributes;
    await invoke(hangup(call, turns.length + 1, attributes));
  } catch (error) {
    problems.push((error as Error).message);
  }
  problems.push(...turnProblems(turns));
  const cleaned = await cleanUp(options, call.transactionId, problems);
  return {
    ok: problems.length === 0 && cleaned.length === 0,
    transactionId: call.transactionId,
    turns,
    problems,
    cleaned,
  };
}

/** The flow must have answered; the apology or an invalid answer means something is not wired. */
export function turnProblems(turns: readonly SmokeTurn[]): string[] {
  const problems: string[] = [];
  if (turns.some((t) => t.kind === 'apology')) {
    problems.push(
      'the router apologised: it could not reach the workflow or the workflow failed (see its logs)',
    );
  }
  if (turns.some((t) => t.kind === 'invalid'))
    problems.push('the router answered something PSTN audio would refuse');
  if (!turns.slice(0, -1).some((t) => t.kind === 'flow')) {
    problems.push(
      'the call flow never answered (only keep-alives): is the state machine running executions?',
    );
  }
  return problems;
}

async function cleanUp(options: SmokeOptions, transactionId: string, problems: string[]): Promise<string[]> {
  const cleaned: string[] = [];
  const executionArn = `${options.stateMachineArn.replace(':stateMachine:', ':execution:')}:call-${transactionId}`;
  const deadline = Date.now() + (options.settleMs ?? 20_000);
  try {
    let status = 'RUNNING';
    while (status === 'RUNNING' && Date.now() < deadline) {
      status = (await options.sfn.send(new DescribeExecutionCommand({ executionArn }))).status ?? 'RUNNING';
      if (status === 'RUNNING') await new Promise((r) => setTimeout(r, 250));
    }
    if (status === 'RUNNING') {
      await options.sfn.send(new StopExecutionCommand({ executionArn, cause: 'smoke test clean-up' }));
      cleaned.push(`execution call-${transactionId} was still running after HANGUP: stopped`);
    }
  } catch (error) {
    if ((error as Error).name !== 'ExecutionDoesNotExist')
      problems.push(`execution check: ${(error as Error).message}`);
    else
      problems.push(
        'no execution was started for the call: check the router’s states:StartExecution permission',
      );
  }
  try {
    const { QueueUrl } = await options.sqs.send(
      new GetQueueUrlCommand({ QueueName: `call-${transactionId}` }),
    );
    await options.sqs.send(new DeleteQueueCommand({ QueueUrl }));
    cleaned.push(`queue call-${transactionId} was left after HANGUP: deleted`);
  } catch (error) {
    const name = (error as Error).name;
    if (name !== 'QueueDoesNotExist' && name !== 'AWS.SimpleQueueService.NonExistentQueue') {
      problems.push(`queue check: ${(error as Error).message}`);
    }
  }
  return cleaned;
}
