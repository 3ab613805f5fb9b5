/**
 * One language setting, end to end in the lab: the Init's Language (changed the way an admin changes it, here
 * through the lab's `settings`) picks the voice and language of every prompt, and a scenario says what the
 * caller speaks. Also the lab's settings and latency figures themselves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab';
import { REALISTIC, answerMs, latencyProfile, modelSpeed, transcribeMs } from '../../lab/latency';
import { parseScenario } from '../../lab/phone/scenario';
import { withInitSettings } from '../../lab/settings';

describe('the voice assistant in Spanish', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ port: 0, speed: 50, settings: { 'voice-assistant': { Language: 'es-US' } } });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('speaks with a Spanish neural voice in es-US, and transcribes the caller in es-US', async () => {
    const phone = lab.dial('voice-assistant', '+12065550123');
    await phone.waitFor((e) => e.type === 'recording-started');
    await phone.say('¿Dónde está su taller?', { language: 'es-US' });
    await phone.waitFor(/118 Harbor Street/);
    await phone.hangup();
    const spoken = phone.heard().filter((p) => p.kind === 'speak');
    expect(spoken.length).toBeGreaterThan(3);
    for (const prompt of spoken) expect(prompt).toMatchObject({ voice: 'Lupe', language: 'es-US' });
    expect(spoken[0]!.text).toMatch(/^Hola/);
  });
});

describe("the lab's Init settings", () => {
  const flow = JSON.stringify({ States: { Init: { Type: 'Pass', Assign: { Language: 'en-US', N: 1 } } } });
  it('changes a setting Init has', () => {
    const changed = JSON.parse(withInitSettings(flow, 'f', { Language: 'es-US' })) as {
      States: { Init: { Assign: Record<string, unknown> } };
    };
    expect(changed.States.Init.Assign).toEqual({ Language: 'es-US', N: 1 });
  });
  it('refuses a setting Init does not have, naming the ones it has', () => {
    expect(() => withInitSettings(flow, 'f', { Lang: 'es-US' })).toThrow(
      'f: Init has no setting "Lang" (it has: Language, N)',
    );
  });
  it('refuses settings for a workflow the lab does not serve', async () => {
    await expect(startLab({ port: 0, settings: { 'no-such-flow': { Language: 'es-US' } } })).rejects.toThrow(
      /settings for "no-such-flow", which is not a workflow the lab serves/,
    );
  });
  it("a scenario names its settings and its caller's language, and a bad code says where", () => {
    const base = 'name: n\nline: voice-assistant\nfrom: "+12065550123"\nsteps:\n  - say: hola\n';
    const s = parseScenario(`${base}settings: { Language: es-US }\nlanguage: es-US\n`, 's.yaml');
    expect(s).toMatchObject({ settings: { Language: 'es-US' }, language: 'es-US' });
    expect(() => parseScenario(`${base}language: spanish\n`, 's.yaml')).toThrow(
      's.yaml: language: "spanish" is not a language code',
    );
    expect(() =>
      parseScenario(`${base.replace('voice-assistant', "'+12065550201'")}settings: {}\n`, 's.yaml'),
    ).toThrow(/settings apply to a workflow/);
  });
});

describe('realistic latency figures', () => {
  it('a model answers after its first token and its tokens at its speed', () => {
    expect(modelSpeed(REALISTIC, 'us.amazon.nova-micro-v1:0').timeToFirstTokenMs).toBe(250);
    expect(answerMs(REALISTIC, 'us.amazon.nova-micro-v1:0', 60)).toBe(250 + 200);
    // an unknown model gets the cautious default, never zero
    expect(answerMs(REALISTIC, 'some.other-model', 60)).toBe(800 + 1000);
  });
  it('a recording is streamed at the speed-up, then the final result', () => {
    expect(transcribeMs(REALISTIC, 4000)).toBe(1000 + REALISTIC.transcribeFinalResult.ms);
  });
  it('every figure says where it comes from', () => {
    const figures = [
      REALISTIC.transcribeFinalResult,
      REALISTIC.speakFirstAudio,
      ...Object.values(REALISTIC.api),
    ];
    for (const f of [...figures, ...REALISTIC.models]) expect(f.source.length).toBeGreaterThan(10);
  });
  it('--latency takes realistic or none', () => {
    expect(latencyProfile('realistic')).toBe(REALISTIC);
    expect(latencyProfile(undefined)).toBeUndefined();
    expect(() => latencyProfile('fast')).toThrow('--latency takes "realistic" or "none", not "fast"');
  });
});
