/**
 * An event owed to the workflow's next message, when that message comes only after the event's turn
 * ended: the router keeps the outcome in its keep-alive's TransactionAttributes, and a later turn completes
 * the message with it — the workflow learns what happened, the caller hears its next actions, no dead air.
 * The real router against a real local SQS and the Step Functions stand-in.
 */
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { digestDigits } from '../../../functions/event-router';
import type { PstnResponse } from '../../../functions/pstn';
import { hangupData } from './support/events';
import { SimulatedCall, speak, startHarness, type Harness } from './support/harness';

/** The workflow's slow step: longer than two turns of the harness's budget (1000 ms), so its message comes
 *  after the turn of the event it is owed. */
const LATER_THAN_TWO_TURNS_MS = 2500;
/** Keep-alives a test lets the caller hear before the workflow's message must have come. */
const MAX_KEEP_ALIVES = 5;

let h: Harness;
let n = 0;
const newCall = (defaults = {}) => new SimulatedCall(h.router, `owed-${Date.now()}-${++n}`, defaults);
const nameOf = (call: SimulatedCall) => `call-${call.transactionId}`;
const errorsOf = (harness: Harness, call: SimulatedCall) =>
  harness.logs.filter((l) => l.level === 'error' && l.extra[0]?.transactionId === call.transactionId);
const pauseDone = { legA: 'Connected' as const, actionData: { Type: 'Pause', Parameters: {} } };
const isKeepAlive = (response: PstnResponse) => response.TransactionAttributes?.KeepAlive !== undefined;
const sleepUntil = (at: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

/** The keep-alive's completions, until the workflow's actions come: every answer along the way. */
async function holdUntilActions(call: SimulatedCall, options = pauseDone): Promise<PstnResponse[]> {
  const answers: PstnResponse[] = [];
  for (let i = 0; i < MAX_KEEP_ALIVES; i++) {
    const answer = await call.send('ACTION_SUCCESSFUL', options);
    answers.push(answer);
    if (!isKeepAlive(answer)) break;
  }
  return answers;
}

beforeAll(async () => {
  h = await startHarness({ turnBudgetMs: 1000 });
});
afterAll(() => h.close());
afterEach(() => {
  h.stepFunctions.script = () => [];
});

describe("an outbound call whose workflow posts its first message after CALL_ANSWERED's turn", () => {
  it('the first task completes with CALL_ANSWERED and the next actions reach the caller: no dead air, nothing lost', async () => {
    h.stepFunctions.script = () => [
      { delayMs: LATER_THAN_TWO_TURNS_MS, message: { SchemaVersion: '1.0', Actions: [] } },
      { message: speak('This is your scheduled call') },
    ];
    const call = newCall({ outbound: true });
    const unanswered = await call.send('NEW_OUTBOUND_CALL');
    expect(unanswered.TransactionAttributes).toMatchObject({ KeepAlive: 'Unanswered' });

    const answered = await call.send('CALL_ANSWERED', { legA: 'Connected' });
    const callAnswered = call.lastEvent;
    const execution = h.stepFunctions.executions.get(nameOf(call))!;
    expect(execution.completions).toEqual([]);
    expect(answered.Actions).toEqual([
      { Type: 'Pause', Parameters: { CallId: 'call-a', DurationInMilliseconds: 1000 } },
    ]);
    expect(answered.TransactionAttributes).toEqual({
      QueueUrl: unanswered.TransactionAttributes!.QueueUrl,
      KeepAlive: 'Pause',
      Owed: 'success',
      OwedOutput: JSON.stringify(callAnswered),
    });

    const answers = await holdUntilActions(call);
    const last = answers.at(-1)!;
    expect(last.Actions).toEqual(speak('This is your scheduled call').Actions);
    for (const answer of answers) expect(answer.Actions.length).toBeGreaterThan(0);
    // Kept on every keep-alive until delivered, then gone.
    for (const keepAlive of answers.slice(0, -1))
      expect(keepAlive.TransactionAttributes).toMatchObject({ Owed: 'success' });
    expect(Object.keys(last.TransactionAttributes!).sort()).toEqual(['QueueUrl', 'WaitToken']);

    expect(execution.completions).toHaveLength(1);
    expect(execution.completions[0]).toMatchObject({ status: 'success', output: callAnswered });
    expect(errorsOf(h, call)).toEqual([]);
  });

  it('the caller hangs up while CALL_ANSWERED is kept: the message that arrives gets HANGUP, the queue is deleted', async () => {
    h.stepFunctions.script = () => [
      { delayMs: LATER_THAN_TWO_TURNS_MS, message: { SchemaVersion: '1.0', Actions: [] } },
      { message: speak('This is your scheduled call') },
    ];
    const call = newCall({ outbound: true });
    const startedAt = Date.now();
    await call.send('NEW_OUTBOUND_CALL');
    const answered = await call.send('CALL_ANSWERED', { legA: 'Connected' });
    expect(answered.TransactionAttributes).toMatchObject({ Owed: 'success' });
    await sleepUntil(startedAt + LATER_THAN_TWO_TURNS_MS + 300); // the first message is on the queue

    const ended = await call.send('HANGUP', { legA: 'Disconnected', actionData: hangupData('LEG-A') });

    expect(ended).toEqual({ SchemaVersion: '1.0', Actions: [] });
    const execution = h.stepFunctions.executions.get(nameOf(call))!;
    // The first message's task gets HANGUP; so does any the workflow posts after it (drained with the queue).
    expect(execution.completions.length).toBeGreaterThan(0);
    for (const completion of execution.completions)
      expect(completion).toMatchObject({ status: 'failure', error: 'HANGUP' });
    expect(
      await h.sqs.send(new GetQueueUrlCommand({ QueueName: nameOf(call) })).then(
        () => 'exists',
        () => 'deleted',
      ),
    ).toBe('deleted');
    expect(errorsOf(h, call)).toEqual([]);
  });
});

describe('an owed event too big to keep in TransactionAttributes (20 KB)', () => {
  it('is dropped and logged, as before; the caller still gets the keep-alive', async () => {
    h.stepFunctions.script = () => [
      { delayMs: LATER_THAN_TWO_TURNS_MS, message: { SchemaVersion: '1.0', Actions: [] } },
    ];
    const call = newCall({ outbound: true });
    await call.send('NEW_OUTBOUND_CALL');
    const answered = await call.send('CALL_ANSWERED', {
      legA: 'Connected',
      extra: { Padding: 'x'.repeat(21 * 1024) },
    });

    expect(answered.Actions.map((a) => a.Type)).toEqual(['Pause']);
    expect(answered.TransactionAttributes).toEqual({
      QueueUrl: expect.any(String),
      KeepAlive: 'Pause',
    });
    const warned = h.logs.filter(
      (l) => l.level === 'warn' && l.extra[0]?.transactionId === call.transactionId,
    );
    expect(warned).toMatchObject([
      {
        message: 'an owed outcome is too big to keep: not delivered to the workflow',
        extra: [{ errorType: 'TransactionAttributesInvalidSize' }],
      },
    ]);
    expect(errorsOf(h, call)).toEqual([]);
  });
});

describe('digits the workflow marked sensitive, in an event kept for a later turn', () => {
  it('are kept only as the HMAC the workflow receives, never in clear', async () => {
    const keyed = await startHarness({ turnBudgetMs: 1000, digitsKey: 'lab-key' });
    try {
      keyed.stepFunctions.script = () => [
        { message: { ...speak('Enter your PIN'), TransactionAttributes: { SensitiveDigits: 'true' } } },
        { delayMs: LATER_THAN_TWO_TURNS_MS, message: speak('One moment') },
        { message: speak('Thanks') },
      ];
      const call = new SimulatedCall(keyed.router, `owed-pin-${Date.now()}`, { legA: 'Connected' });
      await call.send('NEW_INBOUND_CALL', { legA: undefined });
      const slow = await call.send('ACTION_SUCCESSFUL', {
        actionData: { Type: 'SpeakAndGetDigits', Parameters: {}, ReceivedDigits: '2468' },
      });
      expect(slow.TransactionAttributes).toMatchObject({ KeepAlive: 'Pause', SensitiveDigits: 'true' });

      // An event owed to the next message, carrying digits (PSTN audio sends them in digit events; the
      // router protects them in whichever event carries them): the owner's leg hangs up during the hold.
      const kept = await call.send('HANGUP', {
        legB: 'Disconnected',
        actionData: { ...hangupData('LEG-B'), ReceivedDigits: '1357' },
      });
      const keptOutput = kept.TransactionAttributes!.OwedOutput;
      expect(kept.TransactionAttributes).toMatchObject({ KeepAlive: 'Pause', Owed: 'success' });
      expect(keptOutput).not.toContain('1357');
      const digest = digestDigits('lab-key', call.transactionId, '1357');
      expect(JSON.parse(keptOutput)).toMatchObject({
        InvocationEventType: 'HANGUP',
        ActionData: { ReceivedDigits: digest },
      });

      // The message that comes is completed with the kept HANGUP (it was meant for it); the next one plays.
      const answers = await holdUntilActions(call);
      expect(answers.at(-1)!.Actions).toEqual(speak('Thanks').Actions);

      const execution = [...keyed.stepFunctions.executions.values()][0];
      expect(execution.completions.map((c) => c.status)).toEqual(['success', 'success']);
      expect(JSON.stringify(execution.completions[1].output)).toBe(keptOutput);
      const everything = JSON.stringify([keyed.stepFunctions.calls, keyed.logs, kept, answers]);
      for (const digits of ['2468', '1357']) expect(everything).not.toContain(digits);
      expect(errorsOf(keyed, call)).toEqual([]);
    } finally {
      await keyed.close();
    }
  });
});
