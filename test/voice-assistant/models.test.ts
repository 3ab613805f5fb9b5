/**
 * The voice assistant's races, each met with the model (a lab fault chosen by model id) or the audio that
 * provokes it: scenario files under scenarios/voice-assistant/models/, each run against its own lab.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, startLab, type Lab, type LabOptions } from '../../lab';
import { runScenario } from '../../lab/phone/run';
import { parseScenario } from '../../lab/phone/scenario';

/** An audio folder with the beep but no hold music: every PlayAudio of the music fails (InvalidAudioSource). */
function audioWithoutMusic(): string {
  const dir = mkdtempSync(join(tmpdir(), 'voice-assistant-audio-'));
  copyFileSync(join(REPO_ROOT, 'audio/beep.wav'), join(dir, 'beep.wav'));
  return dir;
}

const CASES: { file: string; lab: LabOptions; states?: string[]; notStates?: string[] }[] = [
  // 21 s: longer than "one moment" and one play of the music (17.5 s), shorter than the model's timeout (25 s);
  // a slower clock keeps both margins wide on a busy machine.
  { file: 'slow-model.yaml', lab: { modelId: 'lab.slow-21s', speed: 10 }, states: ['Answer ready?'] },
  { file: 'failing-model.yaml', lab: { modelId: 'lab.error' } },
  { file: 'throttled-model.yaml', lab: { modelId: 'lab.throttle-2' } },
  { file: 'hangup-during-hold.yaml', lab: { modelId: 'lab.slow-10s' } },
  // The music fails at once, so the answer's update arrives while the router keeps the line alive and
  // its CALL_UPDATE_REQUESTED reaches the turn that already speaks the answer: the workflow lets it play on.
  {
    file: 'music-fails.yaml',
    lab: { modelId: 'lab.slow-5s', audioDir: audioWithoutMusic() },
    states: ['Keep listening'],
  },
  // The caller leaves while no task waits on the call and the model takes 20 s: the router does not leave the
  // execution waiting for a caller who is gone — after its turn budget it stops it (ABORTED, HANGUP), so the
  // answer branch never reaches the update.
  {
    file: 'hangup-after-music-fails.yaml',
    lab: { modelId: 'lab.slow-20s', audioDir: audioWithoutMusic(), turnBudgetMs: 500 },
    states: ['Think', 'Ask the model'],
    notStates: ['Stop the music', 'Reply'],
  },
  // The first sentence goes to the caller while the rest is generated, then the stream breaks: an apology
  // for the rest, never a retry that would say the first sentence again.
  {
    file: 'fails-mid-answer.yaml',
    lab: { modelId: 'lab.break-stream' },
    states: ['Say the first sentence'],
  },
  // Hanging up while the first sentence is spoken ends the step with HANGUP: nothing more is said or waited for.
  {
    file: 'hangup-mid-answer.yaml',
    lab: { modelId: 'lab.fast' },
    states: ['Say the first sentence', 'Caller left'],
    notStates: ['Reply'],
  },
  {
    file: 'spanish-fails-mid-answer.yaml',
    lab: { modelId: 'lab.break-stream' },
    states: ['Say the first sentence'],
  },
  {
    file: 'spanish-hangup-mid-answer.yaml',
    lab: { modelId: 'lab.fast' },
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
  for (const { file, lab: options, states, notStates } of CASES) {
    const source = `scenarios/voice-assistant/models/${file}`;
    const scenario = parseScenario(readFileSync(join(REPO_ROOT, source), 'utf8'), source);
    it(`${scenario.name} (${options.modelId}${options.audioDir ? ', no hold music' : ''})`, async () => {
      // a scenario's settings (its Language) change its workflow's Init, as in npm run call
      const settings = scenario.settings ? { settings: { [scenario.line]: scenario.settings } } : {};
      lab = await startLab({ port: 0, speed: 20, ...settings, ...options });
      const result = await runScenario(lab, scenario);
      const events = await history(lab, result.transactionId!);
      expect(result.failure, [...result.transcript, ...failures(events)].join('\n')).toBeUndefined();
      if (states) expect(statesEntered(events)).toEqual(expect.arrayContaining(states));
      for (const state of notStates ?? []) expect(statesEntered(events)).not.toContain(state);
    }, 90_000);
  }
});
