/**
 * When the caller and the workflow lose each other: the caller hangs up while the workflow is between turns
 * (its last token already used), or the workflow ends without hanging up while the caller waits. The real
 * router against a real local SQS and the Step Functions stand-in.
 */
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APOLOGY_TEXT } from '../../../functions/event-router';
import { hangupData } from './support/events';
import { SimulatedCall, speak, startHarness, type Harness } from './support/harness';

let h: Harness;
let n = 0;
const newCall = () => new SimulatedCall(h.router, `oor-${Date.now()}-${++n}`, { legA: 'Connected' });
const executionOf = (call: SimulatedCall) => h.stepFunctions.executions.get(`call-${call.transactionId}`)!;
const callsFor = (call: SimulatedCall, operation: string) =>
  h.stepFunctions.calls.filter(
    (c) => c.operation === operation && String(c.body.executionArn).endsWith(`:call-${call.transactionId}`),
  );
const queueExists = async (call: SimulatedCall) =>
  h.sqs.send(new GetQueueUrlCommand({ QueueName: `call-${call.transactionId}` })).then(
    () => true,
    () => false,
  );
const finalHangup = (attributes: Record<string, string> | undefined) => ({
  attributes,
  legA: 'Disconnected' as const,
  actionData: hangupData('LEG-A'),
});
const pauseDone = { actionData: { Type: 'Pause', Parameters: {} } };

beforeAll(async () => {
  h = await startHarness({ turnBudgetMs: 1000 });
});
afterAll(() => h.close());
afterEach(() => {
  h.stepFunctions.script = () => [];
});

describe('a caller who hangs up while the workflow is between turns', () => {
  it("the workflow's next message, posted during the final HANGUP, gets its task failed with HANGUP", async () => {
    h.stepFunctions.script = () => [{ message: speak('One') }, { message: speak('Two'), delayMs: 300 }];
    const call = newCall();
    const first = await call.send('NEW_INBOUND_CALL', { legA: undefined });
    const used = first.TransactionAttributes!;
    // the workflow's task completed (its answer was not seen by the final HANGUP): it is now between turns
    await h.sfn.send(new SendTaskSuccessCommand({ taskToken: used.WaitToken!, output: '{}' }));
    await call.send('HANGUP', finalHangup(used));

    const execution = executionOf(call);
    expect(execution.completions.at(-1)).toMatchObject({ status: 'failure', error: 'HANGUP' });
    expect(execution.completions.at(-1)?.token).not.toBe(used.WaitToken);
    await execution.finished;
    expect(execution.status).toBe('SUCCEEDED'); // its Catch ran; nothing stopped it
    expect(callsFor(call, 'StopExecution')).toEqual([]);
    expect(await queueExists(call)).toBe(false);
  });

  it('the task of the answer the caller never got (PSTN audio ignores it once nobody is left) is failed with HANGUP by the instance that gave it', async () => {
    h.stepFunctions.script = () => [{ message: speak('One') }, { message: speak('Two'), delayMs: 200 }];
    const call = newCall();
    const first = await call.send('NEW_INBOUND_CALL', { legA: undefined });
    const used = first.TransactionAttributes!;
    // this turn returns "Two", but the caller has hung up meanwhile: PSTN audio ignores the answer
    const ignored = await call.send('ACTION_SUCCESSFUL', pauseDone);
    await call.send('HANGUP', finalHangup(used));

    const execution = executionOf(call);
    expect(execution.completions.at(-1)).toEqual({
      token: ignored.TransactionAttributes!.WaitToken,
      status: 'failure',
      error: 'HANGUP',
      cause: 'the call ended',
    });
    await execution.finished;
    expect(execution.status).toBe('SUCCEEDED');
    expect(await queueExists(call)).toBe(false);
  });

  it('on another instance, a workflow that posts nothing more is stopped with HANGUP, and the queue is deleted', async () => {
    h.stepFunctions.script = () => [{ message: speak('One') }, { message: speak('Two'), delayMs: 200 }];
    const call = newCall();
    const first = await call.send('NEW_INBOUND_CALL', { legA: undefined });
    const used = first.TransactionAttributes!;
    const ignored = await call.send('ACTION_SUCCESSFUL', pauseDone);
    expect(ignored.Actions).toEqual(speak('Two').Actions);
    await call.send('HANGUP', finalHangup(used), h.newInstance());

    const execution = executionOf(call);
    expect(execution.status).toBe('ABORTED');
    expect(execution.ended).toEqual({
      error: 'HANGUP',
      cause: 'the caller hung up while the workflow was between turns',
    });
    expect(await queueExists(call)).toBe(false);
  });

  it.each([
    { instance: 'the same instance', status: 'SUCCEEDED' }, // it fails the token it handed out
    { instance: 'another instance', status: 'ABORTED' }, // only StopExecution can end it
  ])(
    'a hang-up during the first turn (no attributes stored), on $instance: queue deleted, execution $status',
    async ({ instance, status }) => {
      h.stepFunctions.script = () => [{ message: speak('Welcome') }];
      const call = newCall();
      await call.send('NEW_INBOUND_CALL', { legA: undefined });
      expect(await queueExists(call)).toBe(true);
      const router = instance === 'the same instance' ? h.router : h.newInstance();
      await call.send('HANGUP', finalHangup(undefined), router);

      const execution = executionOf(call);
      await Promise.race([execution.finished, new Promise((r) => setTimeout(r, 500))]);
      expect(execution.status).toBe(status);
      expect(await queueExists(call)).toBe(false);
    },
  );

  it('a final HANGUP that fails the live task neither waits for nor stops the workflow', async () => {
    h.stepFunctions.script = () => [{ message: speak('Welcome') }];
    const call = newCall();
    await call.send('NEW_INBOUND_CALL', { legA: undefined });
    await call.send('HANGUP', finalHangup(call.attributes));

    const execution = executionOf(call);
    await execution.finished;
    expect(execution.completions).toMatchObject([{ status: 'failure', error: 'HANGUP' }]);
    expect(execution.status).toBe('SUCCEEDED');
    expect(callsFor(call, 'DescribeExecution')).toEqual([]);
    expect(callsFor(call, 'StopExecution')).toEqual([]);
    expect(await queueExists(call)).toBe(false);
  });
});

describe('a workflow that ends without hanging up while the caller is connected', () => {
  it.each([
    { ending: 'fails (an uncaught error)', last: { fail: { error: 'States.TaskFailed', cause: 'boom' } } },
    { ending: 'succeeds without a Hangup', last: undefined },
  ])('when it $ending, the second keep-alive in a row becomes the apology and a Hangup', async ({ last }) => {
    h.stepFunctions.script = () => [{ message: speak('Welcome') }, ...(last ? [last] : [])];
    const call = newCall();
    await call.send('NEW_INBOUND_CALL', { legA: undefined });
    const keepAlive = await call.send('ACTION_SUCCESSFUL', { actionData: speak('Welcome').Actions[0] });
    expect(keepAlive.Actions).toMatchObject([{ Type: 'Pause' }]);
    expect(callsFor(call, 'DescribeExecution')).toEqual([]); // the first keep-alive asks nothing

    const apology = await call.send('ACTION_SUCCESSFUL', pauseDone);
    expect(apology.Actions).toEqual([
      { Type: 'Speak', Parameters: { CallId: 'call-a', Text: APOLOGY_TEXT } },
      { Type: 'Hangup', Parameters: { CallId: 'call-a', SipResponseCode: 0 } },
    ]);
    expect(callsFor(call, 'DescribeExecution')).toHaveLength(1);
    const logged = h.logs.find(
      (l) =>
        l.message.includes('ended without hanging up') && l.extra[0]?.transactionId === call.transactionId,
    );
    expect(logged?.extra[0]).toMatchObject({ status: last ? 'FAILED' : 'SUCCEEDED' });
    if (last) expect(logged?.extra[0]).toMatchObject({ error: 'States.TaskFailed' });

    await call.send('HANGUP', finalHangup(call.attributes));
    expect(await queueExists(call)).toBe(false);
    expect(callsFor(call, 'StopExecution')).toEqual([]);
  });

  it('a workflow still running keeps the caller on keep-alives, and its actions come when ready', async () => {
    h.stepFunctions.script = () => [{ message: speak('One') }, { message: speak('Two'), delayMs: 2300 }];
    const call = newCall();
    await call.send('NEW_INBOUND_CALL', { legA: undefined });
    const turns = [await call.send('ACTION_SUCCESSFUL', { actionData: speak('One').Actions[0] })];
    while (turns.at(-1)!.Actions?.[0]?.Type === 'Pause' && turns.length < 6)
      turns.push(await call.send('ACTION_SUCCESSFUL', pauseDone));

    expect(turns.at(-1)!.Actions).toEqual(speak('Two').Actions);
    expect(turns.length).toBeGreaterThanOrEqual(3); // at least two keep-alives in a row, no apology
    expect(callsFor(call, 'DescribeExecution').length).toBeGreaterThanOrEqual(1);
  });

  it('no DescribeExecution when the actions arrive in time (the fast path)', async () => {
    h.stepFunctions.script = () => [{ message: speak('One') }, { message: speak('Two') }];
    const call = newCall();
    await call.send('NEW_INBOUND_CALL', { legA: undefined });
    expect((await call.send('ACTION_SUCCESSFUL', pauseDone)).Actions).toEqual(speak('Two').Actions);
    expect(callsFor(call, 'DescribeExecution')).toEqual([]);
  });
});
