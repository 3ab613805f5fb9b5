/**
 * The voice assistant's wait, as a caller has it: from the end of the question to the first word of the
 * answer, in the lab's realistic-latency mode (lab/latency.ts: AWS's own delays for Transcribe, Bedrock,
 * Polly and the APIs, each with its source), at real-time speed. "Before" is the assistant as it ships (2 s of
 * silence ends a question); "after" is the one change the measurements show helps most that an admin can
 * make today: 1 s of silence (at the cost of 1 s, not 2, for the caller to start speaking after the beep).
 * The lab's own processing on this machine is included.
 *
 *   npm run bench -- assistant           BENCH_ASSISTANT_CALLS=5 for more calls per configuration
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLab, REPO_ROOT } from '../lab';
import { REALISTIC, modelSpeed, type Figure } from '../lab/latency';
import type { PhoneEvent } from '../lab/pstn';

const QUESTIONS: [string, RegExp][] = [
  ['How much is drain cleaning?', /costs 150 dollars/],
  ['Where is your workshop?', /118 Harbor Street/],
  ['How much is an inspection visit?', /costs 90 dollars/],
];
const MODEL = 'amazon.nova-micro-v1:0';

interface Configuration {
  name: string;
  what: string;
  settings: Record<string, unknown>;
}

export async function run(): Promise<void> {
  const calls = Number(process.env.BENCH_ASSISTANT_CALLS ?? QUESTIONS.length);
  const init = shippedInit();
  const configurations: Configuration[] = [
    {
      name: 'before',
      what: `as shipped: ${String(init.SilenceSeconds)} s of silence ends a question`,
      settings: {},
    },
    {
      name: 'after',
      what: 'SilenceSeconds 1: 1 s of silence ends a question',
      settings: { SilenceSeconds: 1 },
    },
  ];
  printSources();
  console.log('\nconfiguration | calls | median | min | max | of which silence detection');
  console.log('---|---|---|---|---|---');
  for (const c of configurations) {
    const waits = await measure(c, calls, init);
    const silence = Number(c.settings.SilenceSeconds ?? init.SilenceSeconds);
    waits.sort((a, b) => a - b);
    console.log(
      `${c.name} (${c.what}) | ${waits.length} | ${s(waits[Math.floor(waits.length / 2)]!)} | ${s(waits[0]!)} | ${s(waits.at(-1)!)} | ${silence.toFixed(1)} s`,
    );
  }
}

function shippedInit(): Record<string, unknown> {
  const flow = JSON.parse(readFileSync(join(REPO_ROOT, 'workflows/voice-assistant.asl.json'), 'utf8')) as {
    States: { Init: { Assign: Record<string, unknown> } };
  };
  return flow.States.Init.Assign;
}

/** The welcome shortened (it is not part of the wait measured), everything else as configured. */
function briefLanguages(init: Record<string, unknown>): Record<string, unknown> {
  const languages = init.Languages as Record<string, Record<string, unknown>>;
  return Object.fromEntries(
    Object.entries(languages).map(([code, say]) => [code, { ...say, Welcome: 'Hi.', AskPrompt: 'Ask.' }]),
  );
}

async function measure(c: Configuration, calls: number, init: Record<string, unknown>): Promise<number[]> {
  const lab = await startLab({
    port: 0,
    speed: 1,
    modelId: MODEL,
    latency: REALISTIC,
    settings: { 'voice-assistant': { ...c.settings, Languages: briefLanguages(init) } },
  });
  const waits: number[] = [];
  try {
    for (let i = 0; i < calls; i++) {
      const [question, answer] = QUESTIONS[i % QUESTIONS.length]!;
      const phone = lab.dial('voice-assistant', `+1206555${String(1000 + i)}`);
      await phone.waitFor((e) => e.type === 'recording-started');
      await phone.say(question);
      const spokeUntil = lab.clock.now();
      const heard = await phone.waitFor(
        (e: PhoneEvent) => e.type === 'prompt' && e.kind === 'speak' && answer.test(e.text ?? ''),
        { timeoutMs: 30_000 },
      );
      waits.push(heard.at - spokeUntil);
      await phone.hangup();
    }
  } finally {
    await lab.close();
  }
  return waits;
}

function printSources(): void {
  const model = modelSpeed(REALISTIC, MODEL);
  const rows: [string, string, Figure | { ms: number; evidence: string; source: string }][] = [
    ['Transcribe final result', 'after the last chunk', REALISTIC.transcribeFinalResult],
    [
      `Bedrock ${MODEL}`,
      `first token; then ${model.outputTokensPerSecond} tokens/s`,
      { ms: model.timeToFirstTokenMs, evidence: model.evidence, source: model.source },
    ],
    ['Polly (Speak)', 'to the first audio', REALISTIC.speakFirstAudio],
    ...Object.entries(REALISTIC.api).map(
      ([api, figure]) => [`${api} API`, 'per request', figure] as [string, string, Figure],
    ),
  ];
  console.log(
    `realistic-latency mode (lab/latency.ts), model ${MODEL}; the recording is streamed to Transcribe at ${REALISTIC.transcribeSpeedup}× real time`,
  );
  console.log('\nservice | figure | what | evidence | source');
  console.log('---|---|---|---|---');
  for (const [name, what, f] of rows)
    console.log(`${name} | ${f.ms} ms | ${what} | ${f.evidence} | ${f.source}`);
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
