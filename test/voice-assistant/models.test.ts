/**
 * The voice assistant's races, each met with the model (a lab fault chosen by model id) or the audio that
 * provokes it: scenario files under scenarios/voice-assistant/models/, each run against its own lab.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { REPO_ROOT, startLab, type Lab } from '../../lab';
import { labOptionsFor } from '../../lab/phone/lab-settings';
import { runScenario } from '../../lab/phone/run';
import { parseScenario } from '../../lab/phone/scenario';

/** Each file's `lab:` block sets up its lab (model, speed, missing audio); here, what it must have gone through. */
const CASES: { file: string; states?: string[]; notStates?: string[] }[] = [
  { file: 'slow-model.yaml', states: ['Answer ready?'] },
  { file: 'failing-model.yaml' },
  { file: 'throttled-model.yaml' },
  { file: 'hangup-during-hold.yaml' },
  // The music fails at once, so the answer's update arrives while the router keeps the line alive and
  // its CALL_UPDATE_REQUESTED reaches the turn that already speaks the answer: the workflow lets it play on.
  { file: 'music-fails.yaml', states: ['Keep listening'] },
  // The caller leaves while no task waits on the call and the model takes 20 s: the router does not leave the
  // execution waiting for a caller who is gone — after its turn budget it stops it (ABORTED, HANGUP), so the
  // answer branch never reaches the update.
  {
    file: 'hangup-after-music-fails.yaml',
    states: ['Think', 'Ask the model'],
    notStates: ['Stop the music', 'Reply'],
  },
  // The first sentence goes to the caller while the rest is generated, then the stream breaks: an apology
  // for the rest, never a retry that would say the first sentence again.
  { file: 'fails-mid-answer.yaml', states: ['Say the first sentence'] },
  { file: 'spanish-fails-mid-answer.yaml', states: ['Say the first sentence'] },
  // Hanging up while the first sentence is spoken ends the step with HANGUP: nothing more is said or waited for.
  { file: 'hangup-mid-answer.yaml', states: ['Say the first sentence', 'Caller left'], notStates: ['Reply'] },
  {
    file: 'spanish-hangup-mid-answer.yaml',
    states: ['Say the first sentence', 'Caller left'],
    notStates: ['Reply'],
  },
];

let lab: Lab | undefined;
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

type HistoryEvent = { type: string; stateEnteredEventDetails?: { name: string } } & Record<string, unknown>;

async function history(l: Lab, transactionId: string): Promise<HistoryEvent[]> {
  const execution = l.stepFunctions.executions().find((e) => e.name === `call-${transactionId}`)!;
  const reply = await l.stepFunctions.handle('GetExecutionHistory', {
    executionArn: execution.executionArn,
    maxResults: 1000,
  });
  return (reply.body as { events: HistoryEvent[] }).events;
}

const statesEntered = (events: HistoryEvent[]) =>
  events.flatMap((e) => (e.stateEnteredEventDetails ? [e.stateEnteredEventDetails.name] : []));

/** What went wrong inside the workflow, for a failing test's message. */
const failures = (events: HistoryEvent[]) =>
  events.filter((e) => /Failed|TimedOut/.test(e.type)).map((e) => JSON.stringify(e).slice(0, 400));

describe('the voice assistant never leaves a caller in silence', () => {
  for (const { file, states, notStates } of CASES) {
    const source = `scenarios/voice-assistant/models/${file}`;
    const scenario = parseScenario(readFileSync(join(REPO_ROOT, source), 'utf8'), source);
    it(`${scenario.name} (${scenario.lab.model}${scenario.lab.withoutAudio ? ', no hold music' : ''})`, async () => {
      const { options, cleanup } = labOptionsFor(scenario.lab, {
        port: 0,
        speed: 20,
        audioDir: join(REPO_ROOT, 'audio'),
      });
      onTestFinished(cleanup);
      // a scenario's settings (its Language) change its workflow's Init, as in npm run call
      const settings = scenario.settings ? { settings: { [scenario.line]: scenario.settings } } : {};
      lab = await startLab({ ...options, ...settings });
      const result = await runScenario(lab, scenario);
      const events = await history(lab, result.transactionId!);
      expect(result.failure, [...result.transcript, ...failures(events)].join('\n')).toBeUndefined();
      if (states) expect(statesEntered(events)).toEqual(expect.arrayContaining(states));
      for (const state of notStates ?? []) expect(statesEntered(events)).not.toContain(state);
    }, 90_000);
  }
});
