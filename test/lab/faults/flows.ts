/**
 * Fixture call flows for the seeded-fault tests: small ASL documents built from the protocol's one move (put a
 * PSTN response on the call queue and wait for the router to complete the task; docs/architecture.md §1.1).
 * Each is written to a temporary workflows folder, so the lab serves it on a number of its own.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type State = Record<string, unknown>;

export const speak = (Text: string) => ({
  Type: 'Speak',
  Parameters: { CallId: '{% $CallId %}', Text, Engine: 'neural', VoiceId: 'Joanna' },
});
export const hangup = () => ({ Type: 'Hangup', Parameters: { SipResponseCode: '0' } });

/** Where the fixtures' RecordAudio keeps what it records. */
export const RECORDING_PREFIX = 'recordings/faults';

/** A Task that puts `actions` on the call queue and waits until the router reports how they went. */
export function send(actions: unknown[], next: string, catches: State[] = []): State {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
    Arguments: {
      QueueUrl: '{% $QueueUrl %}',
      MessageBody: {
        SchemaVersion: '1.0',
        Actions: actions,
        TransactionAttributes: { WaitToken: '{% $states.context.Task.Token %}', QueueUrl: '{% $QueueUrl %}' },
      },
    },
    ...(catches.length ? { Catch: catches } : {}),
    Next: next,
  };
}

/** Catch these errors, keep what was caught in `$caught`, and go to `next`. */
export const caught = (errors: string[], next: string): State => ({
  ErrorEquals: errors,
  Assign: { caught: '{% $states.errorOutput %}' },
  Next: next,
});

/**
 * A call flow: remembers the call queue, runs `states` from `start`, and has a "Caller left" end that every
 * HANGUP leads to. Its output is `$caught` when a fault was caught (else null).
 */
export function flow(start: string, states: Record<string, State>): string {
  const definition = {
    Comment: 'A seeded-fault fixture (test/lab/faults).',
    QueryLanguage: 'JSONata',
    StartAt: 'Init',
    States: {
      Init: {
        Type: 'Pass',
        Assign: {
          QueueUrl: '{% $states.input.QueueUrl %}',
          CallId: "{% $states.input.Event.CallDetails.Participants[ParticipantTag = 'LEG-A'].CallId %}",
          caught: null,
        },
        Next: start,
      },
      ...states,
      'Caller left': { Type: 'Succeed', Output: '{% $caught %}' },
    },
  };
  return JSON.stringify(definition, null, 2);
}

/** The caller (or the flow's own Hangup) ended the call: go to the end, keeping any fault caught before. */
export const HANGUP_ENDS_IT: State[] = [{ ErrorEquals: ['HANGUP'], Next: 'Caller left' }];

/** The apology a flow speaks when it caught a fault, then its own Hangup. */
export function apologyStates(text = 'Sorry, something went wrong. Goodbye.'): Record<string, State> {
  return {
    Apologise: send([speak(text)], 'Hang up', HANGUP_ENDS_IT),
    'Hang up': send([hangup()], 'Caller left', HANGUP_ENDS_IT),
  };
}

/**
 * After a step's actions: did the caller hang up while they ran? PSTN audio may report the action with
 * LEG-A already Disconnected, then HANGUP (docs/aws/pstn-audio.md §7.2); a flow that goes on sending actions
 * then races the router's clean-up, so a careful flow stops here.
 */
export function stillThere(next: string): State {
  return {
    Type: 'Choice',
    Choices: [
      {
        Condition:
          '{% $states.input.CallDetails.Participants[ParticipantTag = "LEG-A"].Status = "Disconnected" %}',
        Next: 'Caller left',
      },
    ],
    Default: next,
  };
}

/** Writes the flows (name → ASL text) to a fresh temporary folder for `startLab({ workflowsDir })`. */
export function flowsDir(flows: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-faults-'));
  for (const [name, text] of Object.entries(flows)) writeFileSync(join(dir, `${name}.asl.json`), text);
  return dir;
}
