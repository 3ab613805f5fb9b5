/**
 * Lambdas that fail. (1) A function a workflow's Task invokes throws: the task fails with the function's
 * errorType (Cause: the JSON error payload), which `States.TaskFailed` catches
 * (docs/aws/step-functions.md §9.1); a function that does not exist is `Lambda.ResourceNotFoundException`.
 * (2) The SIP media application's own Lambda (the router) fails: PSTN audio retries the invocation once, then
 * hangs up with 480 (docs/aws/pstn-audio.md §5) — and the lab still sends HANGUP so the call's queue and
 * execution are cleaned up.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '../../../functions/event-router';
import type { PstnEvent } from '../../../functions/pstn';
import { startLab, type Lab } from '../../../lab';
import { createPstnSimulator } from '../../../lab/pstn';
import { speechDurationMs, wavDurationMs } from '../../../lab/services/media';
import { labClientConfig } from '../../../lab/services/sdk';
import { callOver, caughtBy, leftovers } from './aftermath';
import { apologyStates, caught, flow, flowsDir, HANGUP_ENDS_IT, send, speak, hangup } from './flows';

const CALLER = '+12065550123';
const APOLOGY = 'Sorry, our system is not answering. Goodbye.';
const WAIT = { timeoutMs: 300_000 };

/** Greets, asks a Lambda whether the business is open (with `now`), and says so; any task failure → apology. */
const askingFlow = (functionName: string, now: string) =>
  flow('Greet', {
    Greet: send([speak('Welcome.')], 'Ask', HANGUP_ENDS_IT),
    Ask: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: { FunctionName: functionName, Payload: { Now: now, TimeZone: 'UTC', Hours: {} } },
      Catch: [caught(['States.TaskFailed'], 'Apologise')],
      Next: 'Answer',
    },
    Answer: send(
      [speak('{% $states.input.Payload.open = false ? "We are closed." : "We do not know." %}')],
      'Hang up',
      HANGUP_ENDS_IT,
    ),
    ...apologyStates(APOLOGY),
  });

/** Two greetings, then a Hangup: the SMA Lambda's failures are seeded between them. */
const twoPrompts = flow('First', {
  First: send([speak('First prompt.')], 'Second', HANGUP_ENDS_IT),
  Second: send([speak('Second prompt.')], 'Hang up', HANGUP_ENDS_IT),
  'Hang up': send([hangup()], 'Caller left', HANGUP_ENDS_IT),
});

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({
    port: 0,
    speed: 50,
    workflowsDir: flowsDir({
      'throwing-lambda': askingFlow('${BusinessHoursFunctionArn}', 'not a time'),
      'working-lambda': askingFlow('${BusinessHoursFunctionArn}', '2026-11-22T03:00:00Z'),
      'missing-lambda': askingFlow('arn:aws:lambda:us-east-1:000000000000:function:no-such-function', 'now'),
      'two-prompts': twoPrompts,
    }),
  });
});
afterAll(() => lab?.close());

async function callAndListen(line: string) {
  const phone = lab.dial(line, CALLER);
  await phone.waitFor('Welcome.', WAIT);
  const { execution } = await callOver(lab, lab.pstn, (await phone.ended, phone.transactionId));
  return { heard: phone.heard().map((p) => p.text), execution };
}

describe('a Lambda a workflow calls fails', () => {
  it('a function that does not exist fails the task with Lambda.ResourceNotFoundException: the caller hears the apology and the call ends cleanly', async () => {
    const { heard, execution } = await callAndListen('missing-lambda');
    expect(heard).toEqual(['Welcome.', APOLOGY]);
    expect(execution.status).toBe('SUCCEEDED');
    const error = caughtBy(execution);
    expect(error?.Error).toBe('Lambda.ResourceNotFoundException');
    expect(error?.Cause).toMatch(/^Function not found: .*no-such-function/);
    expect(await leftovers(lab)).toEqual({ queues: [], running: [] });
  });

  it('a function that throws fails the task with its errorType; the Catch apologises and the call ends cleanly', async () => {
    const { heard, execution } = await callAndListen('throwing-lambda');
    expect(heard).toEqual(['Welcome.', APOLOGY]);
    expect(execution.status).toBe('SUCCEEDED');
    const error = caughtBy(execution);
    expect(error?.Error).toBe('InvalidHours');
    expect(JSON.parse(error?.Cause ?? '{}')).toMatchObject({
      errorType: 'InvalidHours',
      errorMessage: /Now/,
    });
    expect(await leftovers(lab)).toEqual({ queues: [], running: [] });
  });

  it("a function that works: its result is the task's Payload (the control for the two above)", async () => {
    const { heard } = await callAndListen('working-lambda');
    expect(heard).toEqual(['Welcome.', 'We are closed.']);
  });
});

/**
 * The SIP media application's Lambda is the lab's real router on the lab's edge; the PSTN simulator invokes it
 * through `flaky`, which throws on the attempts listed in `fail` ("<sequence>/<attempt>").
 */
function flakySma(fail: Set<string>) {
  const number = lab.numbers['two-prompts']!;
  const arn = lab.stepFunctions.stateMachines().find((m) => m.name === 'two-prompts')!.stateMachineArn;
  const router = createRouter({
    sqs: new SQSClient(labClientConfig(lab.edgeUrl)),
    sfn: new SFNClient(labClientConfig(lab.edgeUrl)),
    callFlows: { [number]: arn },
  });
  const attempts = new Map<number, number>();
  const pstn = createPstnSimulator({
    clock: lab.clock,
    sipMediaApplicationId: 'sma-faults',
    numbers: { [number]: { sipRuleId: 'rule-faults' } },
    invoke: async (event: PstnEvent) => {
      const attempt = (attempts.get(event.Sequence) ?? 0) + 1;
      attempts.set(event.Sequence, attempt);
      if (fail.has(`${event.Sequence}/${attempt}`)) throw new Error('Runtime.ExitError: the Lambda crashed');
      return router(event);
    },
    media: {
      getAudio: async (bucket, key) => (await lab.store.get(bucket, key))?.body,
      saveRecording: (bucket, key, wav) => lab.store.put(bucket, key, wav, { contentType: 'audio/wav' }),
      speechDurationMs,
      wavDurationMs: (wav) => wavDurationMs(wav) ?? 0,
    },
  });
  return { pstn, dial: () => pstn.dial({ from: CALLER, to: number }) };
}

const failures = (log: ReturnType<ReturnType<typeof createPstnSimulator>['log']>) =>
  log.flatMap((e) => (e.kind === 'error' ? [`${e.sequence}/${e.attempt}`] : []));

describe("the SIP media application's Lambda fails", () => {
  it('a failure that the retry gets past goes unnoticed by the caller', async () => {
    const sma = flakySma(new Set(['2/1']));
    const phone = sma.dial();
    await phone.waitFor('Second prompt.', WAIT);
    expect(await phone.ended).toMatchObject({ by: 'system', sipCode: 0 });
    const { execution } = await callOver(lab, sma.pstn, phone.transactionId);

    expect(failures(sma.pstn.log(phone.transactionId))).toEqual(['2/1']);
    expect(phone.heard().map((p) => p.text)).toEqual(['First prompt.', 'Second prompt.']);
    expect(execution.status).toBe('SUCCEEDED');
    expect(await leftovers(lab)).toEqual({ queues: [], running: [] });
  });

  it('a Lambda that fails twice on one event hangs up the call with 480, and the call still leaves nothing behind', async () => {
    const sma = flakySma(new Set(['2/1', '2/2']));
    const phone = sma.dial();
    await phone.waitFor('First prompt.', WAIT);
    expect(await phone.ended).toMatchObject({ by: 'system', sipCode: 480 });
    const { execution } = await callOver(lab, sma.pstn, phone.transactionId);

    const log = sma.pstn.log(phone.transactionId);
    expect(failures(log)).toEqual(['2/1', '2/2']);
    expect(phone.heard().map((p) => p.text)).toEqual(['First prompt.']);
    // the clean-up HANGUP reaches the (recovered) router, which fails the waiting task with HANGUP
    const hangups = log.filter((e) => e.kind === 'event' && e.event.InvocationEventType === 'HANGUP');
    expect(hangups).toHaveLength(1);
    expect(execution.status).toBe('SUCCEEDED');
    const failed = execution.history().filter((h) => h.type === 'TaskFailed');
    expect(
      failed.map((h) => (h as { taskFailedEventDetails?: { error?: string } }).taskFailedEventDetails?.error),
    ).toEqual(['HANGUP']);
    expect(await leftovers(lab)).toEqual({ queues: [], running: [] });
  });
});
