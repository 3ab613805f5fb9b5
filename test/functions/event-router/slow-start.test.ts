/**
 * A call whose start (CreateQueue, StartExecution) does not finish within the turn budget — StartExecution
 * throttled in a burst of calls, the SDK's retries outlasting the budget. The caller gets the router's
 * keep-alive instead of the apology, and the next event finishes the start with the same names and the same
 * input. The real router against a real local SQS and the Step Functions stand-in.
 */
import { GetQueueUrlCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APOLOGY_TEXT } from '../../../functions/event-router';
import { FLOW_ARN, hangupData } from './support/events';
import { SimulatedCall, speak, startHarness, type Harness } from './support/harness';

/** Longer than the harness's turn budget (1000 ms): the stand-in starts the execution, answers too late. */
const SLOWER_THAN_THE_BUDGET_MS = 1500;

let h: Harness;
let n = 0;
const newCall = (defaults = {}) => new SimulatedCall(h.router, `slow-${Date.now()}-${++n}`, defaults);
const nameOf = (call: SimulatedCall) => `call-${call.transactionId}`;
const startsOf = (call: SimulatedCall) =>
  h.stepFunctions.calls.filter((c) => c.operation === 'StartExecution' && c.body.name === nameOf(call));
const errorsOf = (call: SimulatedCall) =>
  h.logs.filter((l) => l.level === 'error' && l.extra[0]?.transactionId === call.transactionId);
const queuesOf = async (call: SimulatedCall) =>
  (await h.sqs.send(new ListQueuesCommand({ QueueNamePrefix: nameOf(call) }))).QueueUrls ?? [];
const queueExists = async (call: SimulatedCall) =>
  h.sqs.send(new GetQueueUrlCommand({ QueueName: nameOf(call) })).then(
    () => true,
    () => false,
  );
const pauseDone = { actionData: { Type: 'Pause', Parameters: {} } };
const finalHangup = { legA: 'Disconnected' as const, actionData: hangupData('LEG-A') };

/** The first event, answered while StartExecution is slower than the budget (or Step Functions is down). */
async function slowStart(call: SimulatedCall, type = 'NEW_INBOUND_CALL', fault: 'slow' | 'down' = 'slow') {
  if (fault === 'slow') h.stepFunctions.stallMs = SLOWER_THAN_THE_BUDGET_MS;
  else h.stepFunctions.down = true;
  try {
    return await call.send(type, { legA: undefined });
  } finally {
    h.stepFunctions.stallMs = 0;
    h.stepFunctions.down = false;
  }
}

beforeAll(async () => {
  h = await startHarness({ turnBudgetMs: 1000 });
});
afterAll(() => h.close());
afterEach(() => {
  h.stepFunctions.script = () => [];
});

describe('a start slower than the turn budget', () => {
  it("the caller hears a keep-alive, then the workflow's first actions; one queue, one execution, started with the original NEW_INBOUND_CALL", async () => {
    h.stepFunctions.script = () => [{ message: speak('Welcome') }];
    const call = newCall({ legA: 'Connected' });
    const keepAlive = await slowStart(call);
    const first = call.lastEvent;

    expect(keepAlive.Actions).toEqual([
      { Type: 'Pause', Parameters: { CallId: 'call-a', DurationInMilliseconds: 1000 } },
    ]);
    expect(keepAlive.TransactionAttributes).toEqual({
      QueueUrl: expect.stringMatching(new RegExp(`/${nameOf(call)}$`)),
      KeepAlive: 'Pause',
      Starting: '1',
      StartingFlow: FLOW_ARN,
      StartingEvent: JSON.stringify(first),
    });
    expect(errorsOf(call)).toEqual([]);

    const answer = await call.send('ACTION_SUCCESSFUL', pauseDone);
    expect(answer.Actions).toEqual(speak('Welcome').Actions);
    expect(Object.keys(answer.TransactionAttributes!).sort()).toEqual(['QueueUrl', 'WaitToken']);

    const execution = h.stepFunctions.executions.get(nameOf(call))!;
    expect(execution.input.Event).toEqual(first);
    expect(execution.input.QueueUrl).toBe(keepAlive.TransactionAttributes!.QueueUrl);
    const starts = startsOf(call);
    expect(starts).toHaveLength(2);
    expect(
      starts.every((s) => s.body.input === execution.rawInput && s.body.stateMachineArn === FLOW_ARN),
    ).toBe(true);
    expect(await queuesOf(call)).toHaveLength(1);
    expect(errorsOf(call)).toEqual([]);
  });

  it('a start refused for now (Step Functions down, nothing started) is started by the next event', async () => {
    h.stepFunctions.script = () => [{ message: speak('Welcome') }];
    const call = newCall({ legA: 'Connected' });
    const keepAlive = await slowStart(call, 'NEW_INBOUND_CALL', 'down');
    const first = call.lastEvent;
    expect(keepAlive.TransactionAttributes).toMatchObject({ KeepAlive: 'Pause', Starting: '1' });
    expect(h.stepFunctions.executions.has(nameOf(call))).toBe(false);

    const answer = await call.send('ACTION_SUCCESSFUL', pauseDone);
    expect(answer.Actions).toEqual(speak('Welcome').Actions);
    expect(h.stepFunctions.executions.get(nameOf(call))!.input.Event).toEqual(first);
  });

  it('an outbound call: RINGING finishes the start, CALL_ANSWERED completes the first task', async () => {
    h.stepFunctions.script = () => [
      { message: { SchemaVersion: '1.0', Actions: [] } },
      { message: speak('This is your scheduled call') },
    ];
    const call = newCall({ outbound: true });
    const keepAlive = await slowStart(call, 'NEW_OUTBOUND_CALL');
    const first = call.lastEvent;
    expect(keepAlive.TransactionAttributes).toMatchObject({ KeepAlive: 'Unanswered', Starting: '1' });

    expect(await call.send('RINGING')).toEqual({ SchemaVersion: '1.0', Actions: [] });
    const answered = await call.send('CALL_ANSWERED', { legA: 'Connected' });

    expect(answered.Actions).toEqual(speak('This is your scheduled call').Actions);
    const execution = h.stepFunctions.executions.get(nameOf(call))!;
    expect(execution.input.Event).toEqual(first);
    expect(execution.completions).toMatchObject([
      { status: 'success', output: { InvocationEventType: 'CALL_ANSWERED' } },
    ]);
    // The workflow sees its event without the router's internals (the kept start).
    const seen = execution.completions[0].output as { CallDetails: { TransactionAttributes: object } };
    expect(seen.CallDetails.TransactionAttributes).toEqual({
      QueueUrl: keepAlive.TransactionAttributes!.QueueUrl,
      KeepAlive: 'Unanswered',
    });
    expect(new Set(startsOf(call).map((s) => s.body.input))).toEqual(new Set([execution.rawInput]));
    expect(errorsOf(call)).toEqual([]);
  });

  it('a first event too big to keep in TransactionAttributes: the apology, as before', async () => {
    const call = newCall({ extra: { Padding: 'x'.repeat(21 * 1024) } });
    const response = await slowStart(call);

    expect(response.Actions).toEqual([
      { Type: 'Speak', Parameters: { CallId: 'call-a', Text: APOLOGY_TEXT } },
      { Type: 'Hangup', Parameters: { CallId: 'call-a', SipResponseCode: 0 } },
    ]);
    expect(response.TransactionAttributes).toEqual({ QueueUrl: expect.any(String), CallFailed: 'true' });
    expect(errorsOf(call)[0]?.extra[0]).toMatchObject({
      error: { message: expect.stringMatching(/cannot be kept .*TransactionAttributesInvalidSize/) },
    });
  });
});

describe('a slow start, then the caller hangs up', () => {
  it.each([
    { how: 'slower than the budget (the execution started)', fault: 'slow' as const },
    { how: 'refused for now (nothing started)', fault: 'down' as const },
  ])('$how: the queue is deleted and no execution is left running', async ({ fault }) => {
    h.stepFunctions.script = () => [{ message: speak('Welcome') }];
    const call = newCall();
    await slowStart(call, 'NEW_INBOUND_CALL', fault);
    expect(await queueExists(call)).toBe(true);

    expect(await call.send('HANGUP', finalHangup)).toEqual({ SchemaVersion: '1.0', Actions: [] });

    expect(await queueExists(call)).toBe(false);
    const execution = h.stepFunctions.executions.get(nameOf(call));
    if (fault === 'down') expect(execution).toBeUndefined();
    else {
      await Promise.race([execution!.finished, new Promise((resolve) => setTimeout(resolve, 500))]);
      expect(execution!.status).not.toBe('RUNNING');
      expect(execution!.completions).toMatchObject([{ status: 'failure', error: 'HANGUP' }]);
    }
    expect(errorsOf(call)).toEqual([]);
  });
});
