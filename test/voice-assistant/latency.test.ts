/**
 * The turn latency a caller notices: from the end of their speech to the first word of the answer, on the
 * lab clock. It is silence detection (the workflow's SilenceSeconds) plus everything the system does: the
 * recording written, the workflow's turn, the hold prompt, transcription, the model, the update, the answer's
 * Speak. In the lab the model and transcription answer at once, so the rest is the lab's own processing,
 * scaled by the clock's speed: the figure printed is a measurement of this machine, not an AWS estimate
 * (docs/voice-assistant.md has the AWS budget).
 */
import { cpus } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab';
import type { PhoneEvent } from '../../lab/pstn';
import { speechDurationMs } from '../../lab/services/media';

/** Lab ms per real ms; LATENCY_SPEED=1 measures in real time (a minute per run). */
const SPEED = Number(process.env.LATENCY_SPEED ?? 10);
let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ port: 0, speed: SPEED });
});
afterAll(async () => {
  await lab?.close();
});

const isPrompt = (pattern: RegExp) => (e: PhoneEvent) =>
  e.type === 'prompt' && pattern.test(e.text ?? e.key ?? '');

describe('how long a caller waits for an answer', () => {
  it('the answer starts while the first play of the hold music would still run, and the lab says how long it took', async () => {
    const phone = lab.dial('voice-assistant', '+12065550123');
    await phone.waitFor((e) => e.type === 'recording-started');
    const question = 'How much is drain cleaning?';
    const spokeUntil = lab.clock.now() + speechDurationMs(question);
    await phone.say(question);
    const stopped = await phone.waitFor((e) => e.type === 'recording-stopped');
    const answer = await phone.waitFor(isPrompt(/cleaning costs 150 dollars/));
    await phone.hangup();

    const latencyMs = answer.at - spokeUntil;
    const silenceMs = stopped.at - spokeUntil;
    console.info(
      `voice-assistant turn latency (lab clock, speed ${SPEED}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}): ` +
        `${(latencyMs / 1000).toFixed(1)} s from the end of speech to the answer ` +
        `(${(silenceMs / 1000).toFixed(1)} s silence detection, ${((latencyMs - silenceMs) / 1000).toFixed(1)} s after the recording stopped)`,
    );
    expect(silenceMs).toBeGreaterThanOrEqual(2000);
    // "One moment, please." (about 1.5 s) and one play of the music (16 s): an answer later than that would
    // have been preceded by "still working on it".
    expect(latencyMs).toBeLessThan(silenceMs + 17_500);
    expect(phone.heard().map((p) => p.text ?? p.key)).not.toContain(
      "Thanks for waiting, I'm still working on it.",
    );
  }, 60_000);
});
