/**
 * PlayAudioAndGetDigits and SpeakAndGetDigits (docs/aws/pstn-audio.md §4.2, §4.4): play the prompt (a key
 * cuts it short and counts), then collect keys — RepeatDurationInMilliseconds for the first,
 * InBetweenDigitsDurationInMilliseconds between keys — until a terminator, MaxNumberOfDigits or a pause. A
 * bad or missing entry plays the failure prompt and starts over, up to Repeat attempts; then ACTION_FAILED.
 */
import type { ActionOf, SpeechSettings } from '../../../functions/pstn';
import { judgeEntry, type DigitRules, type EntryEnd } from '../digits';
import { load, play, speech, type Loaded } from './prompt';
import { stopped, type Outcome, type Stage } from './stage';

type Collecting = ActionOf<'PlayAudioAndGetDigits'> | ActionOf<'SpeakAndGetDigits'>;

export async function getDigits(stage: Stage): Promise<Outcome> {
  const action = stage.action as Collecting;
  const p = action.Parameters;
  const [prompt, failure] =
    action.Type === 'PlayAudioAndGetDigits'
      ? await Promise.all([
          load(stage, action.Parameters.AudioSource),
          load(stage, action.Parameters.FailureAudioSource),
        ])
      : await Promise.all([
          load(stage, speech(action.Parameters.SpeechParameters)),
          load(
            stage,
            speech({
              ...action.Parameters.SpeechParameters,
              ...defined(action.Parameters.FailureSpeechParameters),
            }),
          ),
        ]);
  for (const l of [prompt, failure])
    if (!l.ok) return { kind: 'failed', errorType: l.errorType, errorMessage: l.errorMessage };
  const rules: DigitRules = {
    min: p.MinNumberOfDigits ?? 0,
    max: p.MaxNumberOfDigits ?? 128,
    terminators: p.TerminatorDigits ?? ['#'],
    ...(p.InputDigitsRegex !== undefined ? { regex: p.InputDigitsRegex } : {}),
  };
  const firstMs = p.RepeatDurationInMilliseconds;
  const betweenMs = p.InBetweenDigitsDurationInMilliseconds ?? firstMs;
  const attempts = p.Repeat ?? 1;
  try {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const entry = await attemptEntry(
        stage,
        prompt as Extract<Loaded, { ok: true }>,
        rules,
        firstMs,
        betweenMs,
      );
      const digits = judgeEntry(rules, entry.digits, entry.end, entry.terminator);
      if (digits !== undefined) return { kind: 'ok', result: { ReceivedDigits: digits } };
      await play(stage, failure as Extract<Loaded, { ok: true }>);
    }
  } catch {
    return stopped(stage);
  }
  return {
    kind: 'failed',
    errorType: stage.settings.digitsFailureErrorType,
    errorMessage: `No valid digits were entered after ${attempts} attempt${attempts === 1 ? '' : 's'}.`,
  };
}

function defined(settings: Partial<SpeechSettings>): Partial<SpeechSettings> {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined && v !== ''));
}

interface Entry {
  digits: string;
  end: EntryEnd;
  terminator?: string;
}

/** One attempt: the prompt (barge-in allowed), then the key timers. Throws when the action is aborted. */
async function attemptEntry(
  stage: Stage,
  prompt: Extract<Loaded, { ok: true }>,
  rules: DigitRules,
  firstMs: number,
  betweenMs: number,
): Promise<Entry> {
  let digits = '';
  const state: { ended?: Entry } = {};
  let onEnd: ((entry: Entry) => void) | undefined;
  let cancelTimer: (() => void) | undefined;
  const bargeIn = new AbortController();
  const end = (entry: Entry) => {
    if (state.ended) return;
    state.ended = entry;
    cancelTimer?.();
    bargeIn.abort();
    onEnd?.(entry);
  };
  const arm = (ms: number) => {
    cancelTimer?.();
    cancelTimer = stage.clock.setTimer(ms, () => end({ digits, end: 'timeout' }));
  };
  let waiting = false;
  const off = stage.onDigit((key) => {
    if (state.ended) return false;
    bargeIn.abort();
    if (rules.terminators.includes(key)) end({ digits, end: 'terminator', terminator: key });
    else {
      digits += key;
      if (digits.length >= rules.max) end({ digits, end: 'max' });
      else if (waiting) arm(betweenMs);
    }
    return true;
  });
  try {
    await play(stage, prompt, bargeIn.signal);
    if (state.ended) return state.ended;
    waiting = true;
    arm(digits.length ? betweenMs : firstMs);
    stage.emit({ type: 'digits-requested' });
    if (state.ended) return state.ended; // a key pressed in answer to the request itself
    return await new Promise<Entry>((resolve, reject) => {
      onEnd = resolve;
      const abort = () => {
        cancelTimer?.();
        reject(stage.signal.reason);
      };
      if (stage.signal.aborted) abort();
      stage.signal.addEventListener('abort', abort, { once: true });
    });
  } finally {
    off();
    cancelTimer?.();
  }
}
