/**
 * A caller who hangs up at every step in turn (docs/aws/pstn-audio.md §7.2): for a five-step flow — Speak,
 * SpeakAndGetDigits, RecordAudio, Speak, Hangup — the call is placed once per step and the caller hangs up as
 * that step's prompt starts (or, for the last step, the flow hangs up itself). Each time the execution ends as
 * the flow designs it (its HANGUP Catch): a prompt the caller hung up during reaches the flow as the HANGUP
 * failure of that prompt's task; a recording the caller was in the middle of is kept and delivered. The call
 * queue is deleted and nothing is left RUNNING.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_BUCKET, startLab, type Lab } from '../../../lab';
import type { CallerHandle } from '../../../lab/pstn';
import { transcriptOf } from '../../../lab/services/transcribe';
import { callOver, leftovers, statesEntered, taskErrors } from './aftermath';
import { flow, flowsDir, HANGUP_ENDS_IT, hangup, RECORDING_PREFIX, send, speak, stillThere } from './flows';

const CALLER = '+12065550123';
const WAIT = { timeoutMs: 300_000 };
const MESSAGE = 'Hi, this is Ana, please call me back.';

const speech = (Text: string) => ({ Text, Engine: 'neural', VoiceId: 'Joanna' });
/** Prompts long enough (about 30 s of speech) that the caller is surely mid-prompt when the test looks around. */
const LONG = ' Please listen carefully, as our menu options have changed.'.repeat(8);
const prompt = (n: string) => `Step ${n}.${LONG}`;
/**
 * The five steps. A careful flow checks after each step whether the caller is still there (`stillThere`); a
 * naive one goes straight on, and learns of the hang-up (HANGUP) at its next step.
 */
function stepsFlow(careful: boolean): string {
  const then = (k: number) => (careful ? `After ${k}` : `Step ${k + 1}`);
  const checks = careful
    ? Object.fromEntries([1, 2, 3, 4].map((k) => [`After ${k}`, stillThere(`Step ${k + 1}`)]))
    : {};
  return flow('Step 1', {
    ...checks,
    'Step 1': send([speak(prompt('one'))], then(1), HANGUP_ENDS_IT),
    'Step 2': send(
      [
        {
          Type: 'SpeakAndGetDigits',
          Parameters: {
            CallId: '{% $CallId %}',
            SpeechParameters: speech(prompt('two')),
            FailureSpeechParameters: speech('Sorry.'),
            MinNumberOfDigits: 1,
            MaxNumberOfDigits: 1,
            Repeat: 1,
            RepeatDurationInMilliseconds: 5000,
          },
        },
      ],
      then(2),
      [...HANGUP_ENDS_IT, { ErrorEquals: ['ACTION_FAILED'], Next: 'Step 3' }],
    ),
    'Step 3': send(
      [
        {
          Type: 'RecordAudio',
          Parameters: {
            DurationInSeconds: 60,
            SilenceDurationInSeconds: 30,
            RecordingTerminators: ['#'],
            RecordingDestination: { Type: 'S3', BucketName: '${BucketName}', Prefix: RECORDING_PREFIX },
          },
        },
      ],
      then(3),
      HANGUP_ENDS_IT,
    ),
    'Step 4': send([speak(prompt('four'))], then(4), HANGUP_ENDS_IT),
    'Step 5': send([hangup()], 'Caller left', HANGUP_ENDS_IT),
  });
}

/** What the caller does to reach each step, from the start of the call. */
const reach: ((phone: CallerHandle) => Promise<unknown>)[] = [
  (phone) => phone.waitFor(/^Step one/, WAIT),
  (phone) => phone.waitFor(/^Step two/, WAIT),
  async (phone) => {
    await phone.press('1');
    await phone.waitFor((e) => e.type === 'recording-started', WAIT);
    await phone.say(MESSAGE);
  },
  async (phone) => {
    await phone.press('#');
    await phone.waitFor(/^Step four/, WAIT);
  },
];

/** Speaks, works for 50 lab seconds (1 s of real time at speed 50), then speaks again. */
const slowSecondStep = flow('One', {
  One: send([speak('One.')], 'Think', HANGUP_ENDS_IT),
  Think: { Type: 'Wait', Seconds: 50, Next: 'Two' },
  Two: send([speak('Two.')], 'Hang up', HANGUP_ENDS_IT),
  'Hang up': send([hangup()], 'Caller left', HANGUP_ENDS_IT),
});

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({
    port: 0,
    speed: 50,
    workflowsDir: flowsDir({
      careful: stepsFlow(true),
      naive: stepsFlow(false),
      'slow-second-step': slowSecondStep,
    }),
  });
});
afterAll(() => lab?.close());

const queueOf = (transactionId: string) => expect.stringMatching(new RegExp(`/call-${transactionId}$`));

const STEPS = [
  { step: 1, when: 'during Speak' },
  { step: 2, when: 'during SpeakAndGetDigits' },
  { step: 3, when: 'in the middle of a recording' },
  { step: 4, when: 'during the last Speak' },
];
const table = ['careful', 'naive'].flatMap((line) => STEPS.map((s) => ({ line, ...s })));

describe('a caller who hangs up at every step in turn', () => {
  it.each(table)(
    '$line flow: hanging up $when ends the execution and leaves no queue behind',
    async ({ line, step }) => {
      const phone = lab.dial(line, CALLER);
      for (const go of reach.slice(0, step)) await go(phone);
      // the check below can fail: while the call is up, its queue and execution are there
      expect(await leftovers(lab)).toEqual({
        queues: [queueOf(phone.transactionId)],
        running: [`call-${phone.transactionId}`],
      });
      await phone.hangup();
      const { execution } = await callOver(lab, lab.pstn, phone.transactionId);

      expect(execution.status).toBe('SUCCEEDED');
      const before = Array.from({ length: step - 1 }, (_, i) => [
        `Step ${i + 1}`,
        ...(line === 'careful' ? [`After ${i + 1}`] : []),
      ]).flat();
      if (step !== 3) {
        // a prompt the caller hung up during reaches the flow as the HANGUP failure, never as a success
        expect(statesEntered(execution)).toEqual(['Init', ...before, `Step ${step}`, 'Caller left']);
        expect(taskErrors(execution)).toEqual(['HANGUP']);
      } else if (line === 'careful') {
        // the recording cut short is delivered (it carries where the message is); the flow sees the caller gone
        expect(statesEntered(execution)).toEqual(['Init', ...before, 'Step 3', 'After 3', 'Caller left']);
        expect(taskErrors(execution)).toEqual([]);
      } else {
        // the flow went on to its next step, whose task the router failed with HANGUP
        expect(statesEntered(execution)).toEqual(['Init', ...before, 'Step 3', 'Step 4', 'Caller left']);
        expect(taskErrors(execution)).toEqual(['HANGUP']);
      }
      expect(await leftovers(lab)).toEqual({ queues: [], running: [] });
      if (step === 3) {
        const keys = await lab.store.list(LAB_BUCKET, `${RECORDING_PREFIX}/${phone.transactionId}/`);
        expect(keys).toHaveLength(1);
        const recording = await lab.store.get(LAB_BUCKET, keys[0]!);
        expect(transcriptOf(recording!)).toBe(MESSAGE); // what the caller said before hanging up was kept
      }
    },
  );

  it('when the flow hangs up itself, the call ends the same clean way', async () => {
    const phone = lab.dial('careful', CALLER);
    for (const go of reach) await go(phone);
    expect(await phone.ended).toMatchObject({ by: 'system' });
    const { execution } = await callOver(lab, lab.pstn, phone.transactionId);
    expect(execution.status).toBe('SUCCEEDED');
    expect(taskErrors(execution)).toEqual(['HANGUP']); // the Hangup's own task learns the call ended
    expect(phone.heard().map((p) => p.text)).toEqual([prompt('one'), prompt('two'), prompt('four')]);
    expect(await leftovers(lab)).toEqual({ queues: [], running: [] });
  });
});

/** Dials `line` and hangs up the moment PSTN audio sends the event of this sequence to the router. */
function hangUpDuringTurn(line: string, sequence: number): CallerHandle {
  const phone = lab.dial(line, CALLER); // its first event goes out on a later tick
  const stop = lab.pstn.onLog((transactionId, entry) => {
    if (transactionId !== phone.transactionId || entry.kind !== 'event' || entry.sequence !== sequence)
      return;
    stop();
    void phone.hangup();
  });
  return phone;
}

/**
 * When the caller hangs up while a router turn waits for the workflow, PSTN audio ignores that turn's answer
 * (no leg is left, docs/aws/pstn-audio.md §7.2), attributes included: the final HANGUP carries the previous
 * ones. The router must still fail the task of the answer it last gave, and find the queue by name after a
 * first-turn hang-up (found by these tests; fixed in c2e9efb).
 */
describe('a caller who hangs up while the router waits for the workflow', () => {
  it('before the first prompt: the execution ends and the queue is deleted', async () => {
    const phone = hangUpDuringTurn('naive', 1);
    await callOver(lab, lab.pstn, phone.transactionId, 2000);
    expect(await leftovers(lab)).toEqual({ queues: [], running: [] });
  });

  it('between two prompts: nothing is left running and the queue is deleted', async () => {
    const phone = hangUpDuringTurn('slow-second-step', 2);
    await callOver(lab, lab.pstn, phone.transactionId, 2000);
    expect(await leftovers(lab)).toEqual({ queues: [], running: [] });
  });

  // stronger than the above: the flow's own Catch runs (not a stopped, ABORTED execution)
  it("between two prompts: the waiting task hears HANGUP and the flow's Catch ends it", async () => {
    const phone = hangUpDuringTurn('slow-second-step', 2);
    const { execution } = await callOver(lab, lab.pstn, phone.transactionId, 2000);
    expect(execution.status).toBe('SUCCEEDED');
    expect(taskErrors(execution)).toEqual(['HANGUP']);
  });
});
