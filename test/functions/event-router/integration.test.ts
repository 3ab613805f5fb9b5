/**
 * The real router against a real local SQS and a Step Functions stand-in, through real SDK clients.
 */
import {
  GetQueueUrlCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APOLOGY_TEXT, digestDigits } from '../../../functions/event-router';
import { BUSINESS, CALLER, FLOW_ARN, hangupData } from './support/events';
import { SimulatedCall, speak, startHarness, type Harness } from './support/harness';

let h: Harness;
let n = 0;
const newCall = (defaults = {}) => new SimulatedCall(h.router, `it-${Date.now()}-${++n}`, defaults);
const completionsOf = (call: SimulatedCall) =>
  h.stepFunctions.executions.get(`call-${call.transactionId}`)?.completions ?? [];
const errorsOf = (call: SimulatedCall) =>
  h.logs.filter((l) => l.level === 'error' && l.extra[0]?.transactionId === call.transactionId);
const pauseDone = { Type: 'Pause', Parameters: {} };
const queueExists = async (name: string) =>
  h.sqs.send(new GetQueueUrlCommand({ QueueName: name })).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  h = await startHarness({ turnBudgetMs: 1000 });
});
afterAll(() => h.close());
afterEach(() => {
  h.stepFunctions.down = false;
  h.stepFunctions.stallMs = 0;
  h.stepFunctions.script = () => [];
});

describe('a call through the router', () => {
  it('first turn: creates the tagged call queue, starts the workflow with {QueueUrl, Event}, returns its first actions', async () => {
    h.stepFunctions.script = () => [{ message: speak('Welcome') }];
    const call = newCall();
    const response = await call.send('NEW_INBOUND_CALL');

    expect(response.Actions).toEqual([{ Type: 'Speak', Parameters: { Text: 'Welcome' } }]);
    const execution = h.stepFunctions.executions.get(`call-${call.transactionId}`)!;
    expect(execution.input.QueueUrl).toMatch(new RegExp(`/call-${call.transactionId}$`));
    expect(execution.input.Event).toEqual(call.lastEvent);
    expect(
      h.stepFunctions.calls.find((c) => c.operation === 'StartExecution' && c.body.name === execution.name)
        ?.body.stateMachineArn,
    ).toBe(FLOW_ARN);
    expect(response.TransactionAttributes).toMatchObject({
      QueueUrl: execution.input.QueueUrl,
      WaitToken: expect.any(String),
    });
    const tags = await h.sqs.send(new ListQueueTagsCommand({ QueueUrl: execution.input.QueueUrl }));
    expect(tags.Tags).toMatchObject({
      TransactionId: call.transactionId,
      StateMachineArn: FLOW_ARN,
      CreatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('a later turn: completes the waiting task with the whole event and returns the next actions', async () => {
    h.stepFunctions.script = () => [{ message: speak('Welcome') }, { message: speak('Goodbye') }];
    const call = newCall({ legA: 'Connected' });
    const first = await call.send('NEW_INBOUND_CALL', { legA: undefined });
    const second = await call.send('ACTION_SUCCESSFUL', {
      actionData: { Type: 'Speak', Parameters: { Text: 'Welcome' } },
    });

    expect(second.Actions).toEqual([{ Type: 'Speak', Parameters: { Text: 'Goodbye' } }]);
    expect(completionsOf(call)).toEqual([
      { token: first.TransactionAttributes!.WaitToken, status: 'success', output: call.lastEvent },
    ]);
  });

  it('a slow workflow: the caller gets a keep-alive within the budget, then the actions after the keep-alive', async () => {
    h.stepFunctions.script = () => [
      { message: speak('Thinking') },
      { message: speak('The answer'), delayMs: 1200 },
    ];
    const call = newCall({ legA: 'Connected' });
    await call.send('NEW_INBOUND_CALL', { legA: undefined });
    const keepAlive = await call.send('ACTION_SUCCESSFUL', { actionData: { Type: 'Speak', Parameters: {} } });

    expect(keepAlive.Actions).toEqual([
      { Type: 'Pause', Parameters: { CallId: 'call-a', DurationInMilliseconds: 1000 } },
    ]);
    expect(keepAlive.TransactionAttributes).toMatchObject({
      KeepAlive: 'Pause',
      QueueUrl: expect.any(String),
      WaitToken: expect.any(String),
    });
    const completedBefore = completionsOf(call).length;

    const answer = await call.send('ACTION_SUCCESSFUL', { actionData: { Type: 'Pause', Parameters: {} } });
    expect(answer.Actions).toEqual([{ Type: 'Speak', Parameters: { Text: 'The answer' } }]);
    expect(answer.TransactionAttributes).not.toHaveProperty('KeepAlive');
    expect(completionsOf(call).length).toBe(completedBefore);
  });

  it('an outbound call: the workflow starts on NEW_OUTBOUND_CALL and CALL_ANSWERED completes its first task', async () => {
    h.stepFunctions.script = () => [
      { message: { SchemaVersion: '1.0', Actions: [] } },
      { message: speak('This is your scheduled call') },
    ];
    const call = newCall({ outbound: true });
    await call.send('NEW_OUTBOUND_CALL');
    expect((await call.send('RINGING')).Actions).toEqual([]);
    const answered = await call.send('CALL_ANSWERED', { legA: 'Connected' });

    expect(answered.Actions).toEqual([
      { Type: 'Speak', Parameters: { Text: 'This is your scheduled call' } },
    ]);
    expect(
      completionsOf(call).map((c) => (c.output as { InvocationEventType: string }).InvocationEventType),
    ).toEqual(['CALL_ANSWERED']);
  });

  it('an outbound call whose workflow is slow to start: CALL_ANSWERED still completes its first task', async () => {
    h.stepFunctions.script = () => [
      { message: { SchemaVersion: '1.0', Actions: [] }, delayMs: 1200 },
      { message: speak('Hello from the business') },
    ];
    const call = newCall({ outbound: true });
    const keepAlive = await call.send('NEW_OUTBOUND_CALL');
    expect(keepAlive.TransactionAttributes).toMatchObject({ KeepAlive: 'Unanswered' });
    await new Promise((resolve) => setTimeout(resolve, 300)); // ringing
    const answered = await call.send('CALL_ANSWERED', { legA: 'Connected' });

    expect(answered.Actions).toEqual([{ Type: 'Speak', Parameters: { Text: 'Hello from the business' } }]);
    expect(completionsOf(call)).toMatchObject([
      { status: 'success', output: { InvocationEventType: 'CALL_ANSWERED' } },
    ]);
  });
});

describe('duplicates are not errors', () => {
  it('a retried first event on another instance creates no second queue or execution', async () => {
    h.stepFunctions.script = () => [{ message: speak('Welcome') }];
    const call = newCall();
    await call.send('NEW_INBOUND_CALL');
    const retried = await call.retry(h.newInstance());

    const starts = h.stepFunctions.calls.filter(
      (c) => c.operation === 'StartExecution' && c.body.name === `call-${call.transactionId}`,
    );
    expect(starts).toHaveLength(2);
    expect(h.stepFunctions.executions.get(`call-${call.transactionId}`)).toBeDefined();
    const queues = await h.sqs.send(new ListQueuesCommand({ QueueNamePrefix: `call-${call.transactionId}` }));
    expect(queues.QueueUrls).toHaveLength(1);
    expect(retried.Actions).toEqual([
      { Type: 'Pause', Parameters: { CallId: 'call-a', DurationInMilliseconds: 1000 } },
    ]);
    expect(errorsOf(call)).toEqual([]);
  });

  it('a retry that reaches the instance which answered late gets the same answer (the message is not lost)', async () => {
    h.stepFunctions.script = () => [{ message: speak('Welcome') }];
    const call = newCall();
    const first = await call.send('NEW_INBOUND_CALL');
    const retried = await call.retry();

    expect(retried).toEqual(first);
    expect(h.stepFunctions.calls.filter((c) => c.body.name === `call-${call.transactionId}`)).toHaveLength(1);
  });

  it('a stale token (already used) is not an error: the router polls on for the next actions', async () => {
    h.stepFunctions.script = () => [{ message: speak('One') }, { message: speak('Two') }];
    const call = newCall({ legA: 'Connected' });
    await call.send('NEW_INBOUND_CALL', { legA: undefined });
    const used = call.attributes!;
    await call.send('ACTION_SUCCESSFUL');
    const next = h.stepFunctions.issueToken();
    await h.sqs.send(
      new SendMessageCommand({
        QueueUrl: used.QueueUrl,
        MessageBody: JSON.stringify({ ...speak('Three'), TransactionAttributes: { WaitToken: next } }),
      }),
    );
    call.attributes = used; // an event carrying the token the router already completed
    const response = await call.send('ACTION_SUCCESSFUL');

    expect(response.Actions).toEqual([{ Type: 'Speak', Parameters: { Text: 'Three' } }]);
    expect(h.stepFunctions.calls.filter((c) => c.body.taskToken === used.WaitToken)).toHaveLength(2);
    expect(h.logs.some((l) => l.message.includes('already used'))).toBe(true);
    expect(errorsOf(call)).toEqual([]);
  });
});

describe('the end of a call', () => {
  it('final HANGUP: fails the waiting task and every queued task, deletes the queue, answers with no actions', async () => {
    h.stepFunctions.script = () => [{ message: speak('Welcome') }];
    const call = newCall();
    const first = await call.send('NEW_INBOUND_CALL');
    const queueUrl = first.TransactionAttributes!.QueueUrl;
    const late = [h.stepFunctions.issueToken(), h.stepFunctions.issueToken()];
    for (const token of late) {
      await h.sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify({ ...speak('late'), TransactionAttributes: { WaitToken: token } }),
        }),
      );
    }
    const response = await call.send('HANGUP', { legA: 'Disconnected', actionData: hangupData('LEG-A') });

    expect(response).toEqual({ SchemaVersion: '1.0', Actions: [] });
    const failed = h.stepFunctions.completions.filter((c) =>
      [first.TransactionAttributes!.WaitToken, ...late].includes(c.token),
    );
    expect(failed).toHaveLength(3);
    expect(failed.every((c) => c.status === 'failure' && c.error === 'HANGUP')).toBe(true);
    expect(await queueExists(`call-${call.transactionId}`)).toBe(false);
  });

  it('an ACTION_SUCCESSFUL after the caller hung up is delivered (it may carry the recording) and answered without polling', async () => {
    h.stepFunctions.script = () => [{ message: speak('Leave a message') }, { message: speak('never sent') }];
    const call = newCall();
    await call.send('NEW_INBOUND_CALL');
    const recording = {
      Type: 'RecordAudio',
      Parameters: {},
      RecordingDestination: { Type: 'S3', BucketName: 'b', Key: 'voicemail.wav' },
    };
    const response = await call.send('ACTION_SUCCESSFUL', { legA: 'Disconnected', actionData: recording });

    expect(response).toEqual({ SchemaVersion: '1.0', Actions: [] });
    expect(completionsOf(call)[0]).toMatchObject({
      status: 'success',
      output: { ActionData: { RecordingDestination: { Key: 'voicemail.wav' } } },
    });
  });
});

describe('never null, never invalid', () => {
  it('an unknown number is hung up, and nothing is created', async () => {
    const call = newCall({ outbound: true });
    const callsBefore = h.stepFunctions.calls.length;
    const response = await call.send('NEW_INBOUND_CALL');

    expect(response.Actions).toEqual([
      { Type: 'Hangup', Parameters: { CallId: 'call-a', SipResponseCode: 480 } },
    ]);
    expect(h.stepFunctions.calls.length).toBe(callsBefore);
    expect(await queueExists(`call-${call.transactionId}`)).toBe(false);
    expect(h.logs.some((l) => l.message === 'call rejected')).toBe(true);
  });

  it('Step Functions down: a keep-alive for each of three turns, then an apology and a Hangup; the final HANGUP still removes the queue', async () => {
    h.stepFunctions.down = true;
    const call = newCall({ legA: 'Connected' });
    const turns = [await call.send('NEW_INBOUND_CALL', { legA: undefined })];
    while (turns.length < 4) turns.push(await call.send('ACTION_SUCCESSFUL', { actionData: pauseDone }));

    expect(turns.map((t) => t.TransactionAttributes?.Starting)).toEqual(['1', '2', '3', undefined]);
    const response = turns.at(-1)!;
    expect(response.Actions.map((a) => a.Type)).toEqual(['Speak', 'Hangup']);
    expect(response.Actions[0].Parameters).toMatchObject({ Text: APOLOGY_TEXT });
    expect(response.TransactionAttributes).toEqual({
      CallFailed: 'true',
      KeepAlive: 'Pause',
      QueueUrl: expect.any(String),
    });
    const failure = errorsOf(call).find((l) => l.message.startsWith('turn failed'));
    expect(failure?.extra[0]).toMatchObject({
      transactionId: call.transactionId,
      eventType: 'ACTION_SUCCESSFUL',
      from: '********1212',
    });

    h.stepFunctions.down = false;
    await call.send('HANGUP', { legA: 'Disconnected', actionData: hangupData('LEG-A') });
    expect(await queueExists(`call-${call.transactionId}`)).toBe(false);
  });

  it('a Step Functions call that hangs cannot outlast the turn: a keep-alive that carries the start over', async () => {
    h.stepFunctions.stallMs = 10_000;
    const response = await newCall().send('NEW_INBOUND_CALL');
    expect(response.Actions.map((a) => a.Type)).toEqual(['Pause']);
    expect(response.TransactionAttributes).toMatchObject({ Starting: '1' });
  });

  it("a workflow message PSTN audio would reject fails its task with INVALID_LAMBDA_RESPONSE; the workflow's next message is returned", async () => {
    h.stepFunctions.script = () => [
      { message: { SchemaVersion: '1.0', Actions: [] } },
      { message: speak('Recovered') },
    ];
    const call = newCall();
    const response = await call.send('NEW_INBOUND_CALL');

    expect(response.Actions).toEqual([{ Type: 'Speak', Parameters: { Text: 'Recovered' } }]);
    expect(completionsOf(call)[0]).toMatchObject({
      status: 'failure',
      error: 'INVALID_LAMBDA_RESPONSE',
      cause: expect.stringMatching(/^EmptyActionList: /),
    });
  });

  it('a message that is not JSON: an apology and a Hangup', async () => {
    h.stepFunctions.script = () => [{ raw: 'this is not json' }];
    const response = await newCall().send('NEW_INBOUND_CALL');
    expect(response.Actions.map((a) => a.Type)).toEqual(['Speak', 'Hangup']);
  });
});

describe('what reaches the workflow and the logs', () => {
  it('digits the workflow marked sensitive reach it only as an HMAC', async () => {
    const keyed = await startHarness({ turnBudgetMs: 1000, digitsKey: 'lab-key' });
    try {
      keyed.stepFunctions.script = () => [
        { message: { ...speak('Enter your PIN'), TransactionAttributes: { SensitiveDigits: 'true' } } },
        { message: speak('Thanks') },
      ];
      const call = new SimulatedCall(keyed.router, `pin-${Date.now()}`, { legA: 'Connected' });
      await call.send('NEW_INBOUND_CALL', { legA: undefined });
      await call.send('ACTION_SUCCESSFUL', {
        actionData: { Type: 'SpeakAndGetDigits', Parameters: {}, ReceivedDigits: '2468' },
      });

      const output = [...keyed.stepFunctions.executions.values()][0].completions[0].output as {
        ActionData: { ReceivedDigits: string };
      };
      expect(output.ActionData.ReceivedDigits).toBe(digestDigits('lab-key', call.transactionId, '2468'));
      expect(JSON.stringify(keyed.stepFunctions.calls)).not.toContain('2468');
      expect(JSON.stringify(keyed.logs)).not.toContain('2468');
    } finally {
      await keyed.close();
    }
  });

  it('no log line holds a full phone number', () => {
    const logged = JSON.stringify(h.logs);
    expect(h.logs.length).toBeGreaterThan(10);
    for (const number of [BUSINESS, CALLER]) expect(logged).not.toContain(number);
  });
});
