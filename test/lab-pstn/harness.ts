/**
 * A scripted fake Lambda on a manual lab clock: no router, no AWS. `lambda.on(type, reply)` answers events
 * of one type (the default answers `{SchemaVersion:'1.0', Actions: []}`); `run(ms)` moves lab time while
 * letting the simulator's promise chains finish.
 */
import { LabClock } from '../../lab/clock';
import type { ActionData, PstnEvent } from '../../functions/pstn';
import { createPstnSimulator, type PstnSimulatorSettings } from '../../lab/pstn';
import { silenceWav } from '../../lab/services/media';

export const LINE = '+12065550100';
export const CALLER = '+14155550123';
export const RULE = 'rule-1';
export const SMA = 'sma-1';

export type Reply = unknown | ((event: PstnEvent) => unknown);

export const respond = (...actions: unknown[]) => ({ SchemaVersion: '1.0', Actions: actions });
export const speak = (Text: string) => ({ Type: 'Speak', Parameters: { Text } });
export const play = (Key: string, extra: Record<string, unknown> = {}) => ({
  Type: 'PlayAudio',
  Parameters: { AudioSource: { Type: 'S3', BucketName: 'prompts', Key }, ...extra },
});
export const pause = (ms: number) => ({ Type: 'Pause', Parameters: { DurationInMilliseconds: ms } });
export const hangup = (extra: Record<string, unknown> = {}) => ({
  Type: 'Hangup',
  Parameters: { SipResponseCode: '0', ...extra },
});

/** 1 word = 400 ms of speech. */
export const speechDurationMs = (text: string) => text.trim().split(/\s+/).length * 400;

export function setup(settings: Partial<PstnSimulatorSettings> = {}) {
  const clock = new LabClock({ speed: 0, start: '2026-11-23T15:00:00Z' });
  const events: PstnEvent[] = [];
  const replies = new Map<string, Reply[]>();
  const fallback = new Map<string, Reply>();
  const lambda = {
    events,
    types: () => events.map((e) => e.InvocationEventType),
    /** Answer the next events of this type, in order (then the type's standing reply, if any). */
    once(type: string, ...rs: Reply[]) {
      replies.set(type, [...(replies.get(type) ?? []), ...rs]);
    },
    /** Answer every event of this type. */
    on(type: string, r: Reply) {
      fallback.set(type, r);
    },
    last: (type?: string) =>
      [...events].reverse().find((e) => !type || e.InvocationEventType === type)! as PstnEvent & {
        ActionData?: ActionData;
      },
  };
  let behaviour: (event: PstnEvent) => Promise<unknown> = async (event) => {
    const queued = replies.get(event.InvocationEventType);
    const r = queued?.length
      ? queued.shift()
      : fallback.has(event.InvocationEventType)
        ? fallback.get(event.InvocationEventType)
        : respond();
    return typeof r === 'function' ? (r as (e: PstnEvent) => unknown)(event) : r;
  };
  const audio = new Map<string, Buffer>([
    ['prompts/hello.wav', silenceWav(2000)],
    ['prompts/beep.wav', silenceWav(500)],
    ['prompts/hold.wav', silenceWav(10_000)],
    ['prompts/broken.wav', Buffer.from('not a wav')],
  ]);
  const saved: { bucket: string; key: string; wav: Buffer; transcript: string }[] = [];
  const sim = createPstnSimulator({
    clock,
    sipMediaApplicationId: SMA,
    awsAccountId: '111122223333',
    awsRegion: 'us-west-2',
    numbers: { [LINE]: { sipRuleId: RULE } },
    invoke: (event) => {
      events.push(event);
      return behaviour(event);
    },
    media: {
      getAudio: async (bucket, key) => audio.get(`${bucket}/${key}`),
      saveRecording: async (bucket, key, wav, transcript) =>
        void saved.push({ bucket, key, wav, transcript }),
      speechDurationMs,
    },
    // These scripted tests leave CallId out to exercise leg selection as AWS was observed to do it.
    options: { invocationTimeoutMs: 50, giveUpAfterMs: 200, requireCallId: false, ...settings },
  });
  /** Lets pending promise chains run (the fake Lambda answers at once). */
  const settle = async (rounds = 20) => {
    for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
  };
  /** Moves lab time by `ms`, settling before and after. */
  const run = async (ms: number) => {
    await settle();
    await clock.advance(ms);
    await settle();
  };
  return {
    clock,
    sim,
    lambda,
    saved,
    settle,
    run,
    setLambda: (fn: (event: PstnEvent) => Promise<unknown>) => (behaviour = fn),
    elapsed: (() => {
      const start = clock.now();
      return () => clock.now() - start;
    })(),
  };
}
