/**
 * Runs one scenario against a lab: places the call, plays the steps, prints the transcript as the call goes,
 * and checks the expectations. Stops at the first unmet step, saying what was heard instead.
 */
import type { Lab } from '../index';
import type { CallerHandle, PhoneEvent } from '../pstn';
import { explainCall } from './explain';
import { CHECKS, snapshot, type CallOutcome } from './expectations';
import { applyGiven } from './given';
import { describeMatcher, matches, type CheckName, type Scenario, type Step } from './scenario';

export interface ScenarioResult {
  name: string;
  source: string;
  ok: boolean;
  /** what went wrong, with what was heard instead */
  failure?: string;
  transcript: string[];
  transactionId?: string;
}

export interface RunOptions {
  /** Called with each transcript line as the call goes. */
  print?: (line: string) => void;
  /** Lab seconds a `hear` or `expect-hangup` waits by default (default 60). */
  timeoutSeconds?: number;
  /** Real milliseconds a wait lasts at least, however fast the clock runs (default 10,000). */
  minRealWaitMs?: number;
}

export async function runScenario(
  lab: Lab,
  scenario: Scenario,
  options: RunOptions = {},
): Promise<ScenarioResult> {
  const transcript: string[] = [];
  const print = (line: string) => {
    transcript.push(line);
    options.print?.(line);
  };
  if (scenario.at) lab.clock.set(scenario.at);
  lab.transcribe.faults(
    scenario.faults.transcription === 'fail'
      ? { failJobs: '(seeded lab fault) The media could not be transcribed.' }
      : scenario.faults.transcription === 'throttled'
        ? { throttle: 2 }
        : {},
  );
  const throttled = scenario.faults['notifications-throttled'] ?? 0;
  lab.outbox.throttle('email', throttled);
  lab.outbox.throttle('sms', throttled);
  for (const [number, behaviour] of Object.entries(scenario.phones)) lab.phone(number, behaviour);
  await applyGiven(lab, scenario.given, scenario.line);
  const before = await snapshot(lab);
  const startedAt = lab.clock.now();
  const stamp = () => formatOffset(lab.clock.now() - startedAt);
  print(`${stamp()}  ${scenario.from} dials ${scenario.line}`);

  const phone = lab.dial(scenario.line, scenario.from);
  const offCaller = phone.on((e) => {
    const line = describeEvent(e);
    if (line) print(`${stamp()}  ${line}`);
  });
  const offOthers = followOtherPhones(lab, (line) => print(`${stamp()}  ${line}`));
  const stop = () => {
    offCaller();
    offOthers();
  };
  const waits = { lab: (options.timeoutSeconds ?? 60) * 1000, real: options.minRealWaitMs ?? 10_000 };
  let failure: string | undefined;
  let cursor = 0;
  try {
    for (const [i, step] of scenario.steps.entries()) {
      const where = `${scenario.source}: steps[${i + 1}]`;
      const said = describeStep(step);
      if (said) print(`${stamp()}  ${said}`);
      const spoken = 'say' in step && !step.language && scenario.language;
      const result = await playStep(
        lab,
        phone,
        spoken ? { ...step, language: scenario.language } : step,
        cursor,
        waits,
      );
      if (typeof result === 'string') {
        failure = `${where}: ${result}`;
        break;
      }
      cursor = result;
    }
    if (!failure) {
      if (isUp(phone)) await phone.hangup();
      const call = await settle(lab, phone, waits.real);
      const after = await snapshot(lab);
      for (const [name, expected] of Object.entries(scenario.expect)) {
        const problem = CHECKS[name as CheckName](expected, { before, after, call });
        if (problem) {
          failure = `${scenario.source}: expect.${name}: ${problem}`;
          break;
        }
      }
    }
  } finally {
    if (isUp(phone)) await phone.hangup();
    stop();
    lab.transcribe.faults({});
  }
  if (failure) {
    const why = explainCall(lab, phone.transactionId);
    if (why.length > 0) failure += `\n  why: ${why.join('\n  why: ')}`;
  }
  print(failure ? `FAIL  ${failure}` : `PASS  ${scenario.name}`);
  return {
    name: scenario.name,
    source: scenario.source,
    ok: !failure,
    failure,
    transcript,
    transactionId: phone.transactionId,
  };
}

type Waits = { lab: number; real: number };

/** Plays one step; returns the new cursor into the phone's events, or what went wrong. */
async function playStep(
  lab: Lab,
  phone: CallerHandle,
  step: Step,
  cursor: number,
  waits: Waits,
): Promise<number | string> {
  if ('hear' in step) {
    const found = await nextEvent(
      lab,
      phone,
      cursor,
      (e) => e.type === 'prompt' && matches(step.hear, promptText(e)),
      {
        ...waits,
        lab: step.timeout !== undefined ? step.timeout * 1000 : waits.lab,
      },
    );
    if (found >= 0) return found + 1;
    const heard = phone
      .heard()
      .slice(-3)
      .map((p) => JSON.stringify(promptText(p)));
    const why = isUp(phone) ? 'timed out' : 'the call ended';
    return `expected to hear ${describeMatcher(step.hear)}, but ${why}; last heard: ${heard.join(', ') || 'nothing'}`;
  }
  if (!('expect-hangup' in step) && !('wait' in step) && !isUp(phone)) {
    return `the call ended before this step; last heard: ${JSON.stringify(promptText(phone.heard().at(-1)))}`;
  }
  if ('press' in step) await phone.press(step.press);
  else if ('say' in step) {
    // a person speaks after the beep: give a recording that is about to start a moment to begin
    if (!recording(phone))
      await nextEvent(lab, phone, cursor, (e) => e.type === 'recording-started', {
        lab: SAY_WAITS_FOR_RECORDING_MS,
        real: 0,
      });
    await phone.say(step.say, {
      ...(step.seconds !== undefined ? { seconds: step.seconds } : {}),
      ...(step.language ? { language: step.language } : {}),
    });
  } else if ('silence' in step) await phone.silence(step.silence * 1000);
  else if ('wait' in step) await lab.clock.sleep(step.wait * 1000);
  else if ('hangup' in step) await phone.hangup();
  else if ('expect-hangup' in step) {
    const found = await nextEvent(lab, phone, 0, (e) => e.type === 'hangup', {
      ...waits,
      lab: step.timeout !== undefined ? step.timeout * 1000 : waits.lab,
    });
    if (found < 0)
      return `expected the system to hang up, but the call is still up; last heard: ${JSON.stringify(promptText(phone.heard().at(-1)))}`;
  }
  return phone.events().length;
}

/**
 * Index of the first event at or after `from` that matches, waiting for it; -1 when the call ends first or
 * the wait runs out (both `lab` ms of lab time and `real` ms of real time must have passed).
 */
function nextEvent(
  lab: Lab,
  phone: CallerHandle,
  from: number,
  match: (e: PhoneEvent) => boolean,
  waits: Waits,
): Promise<number> {
  const events = phone.events();
  const index = events.findIndex((e, i) => i >= from && match(e));
  if (index >= 0) return Promise.resolve(index);
  if (!isUp(phone)) return Promise.resolve(-1);
  return new Promise((resolve) => {
    let labDone = false;
    let realDone = false;
    const finish = (result: number) => {
      stop();
      cancelLab();
      clearTimeout(real);
      resolve(result);
    };
    const stop = phone.on((e) => {
      if (match(e)) finish(phone.events().length - 1);
      else if (e.type === 'hangup') finish(-1);
    });
    const cancelLab = lab.clock.setTimer(waits.lab, () => {
      labDone = true;
      if (realDone) finish(-1);
    });
    const real = setTimeout(() => {
      realDone = true;
      if (labDone) finish(-1);
    }, waits.real);
  });
}

/**
 * The phones the system rings during the scenario (a bridge, a callback): each ring's outcome, then what that
 * phone hears and does, prefixed with its number.
 */
function followOtherPhones(lab: Lab, print: (line: string) => void): () => void {
  const offs: (() => void)[] = [];
  offs.push(
    lab.pstn.onRing(({ to, from, result, phone }) => {
      print(`${to} rings (a call from ${from}): ${RING_RESULTS[result]}`);
      if (!phone) return;
      offs.push(
        phone.on((e) => {
          const line = describeEvent(e, 'phone');
          if (line && e.type !== 'answered') print(`[${to}] ${line}`);
        }),
      );
    }),
  );
  return () => offs.forEach((off) => off());
}

const RING_RESULTS = {
  answered: 'answered',
  declined: 'declined',
  'no-answer': 'not answered',
  cancelled: 'the system stopped ringing it',
};

/**
 * Waits (real time) for the call's workflow to end after the call did, then for the work it set off
 * (the recording filed, transcribed, the owner notified) to finish — in lab time, which runs fast.
 */
async function settle(lab: Lab, phone: CallerHandle, realMs: number): Promise<CallOutcome> {
  const name = `call-${phone.transactionId}`;
  const deadline = Date.now() + Math.max(realMs, FOLLOW_UP_REAL_MS);
  let idleSince: number | undefined;
  for (;;) {
    const execution = lab.stepFunctions.executions().find((e) => e.name === name);
    const ended = execution && execution.status !== 'RUNNING';
    // idle twice in a row, 100 ms apart: a trigger may fire just after an execution ends
    idleSince = ended && lab.followUpsIdle() ? (idleSince ?? Date.now()) : undefined;
    if ((idleSince !== undefined && Date.now() - idleSince >= 100) || Date.now() > deadline) {
      return {
        transactionId: phone.transactionId,
        events: phone.events(),
        executionStatus: execution?.status,
        executionError: execution?.error,
      };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Real ms the follow-up work of a call may take at most before the checks run anyway. */
const FOLLOW_UP_REAL_MS = 20_000;

/** Lab ms a `say` waits for a recording to start before speaking anyway (speech with no recording is lost, as on a real call). */
const SAY_WAITS_FOR_RECORDING_MS = 5_000;

function recording(phone: CallerHandle): boolean {
  const last = phone
    .events()
    .filter((e) => e.type === 'recording-started' || e.type === 'recording-stopped')
    .at(-1);
  return last?.type === 'recording-started';
}

function isUp(phone: CallerHandle): boolean {
  return !phone.events().some((e) => e.type === 'hangup');
}

function promptText(e: PhoneEvent | undefined): string {
  if (!e || e.type !== 'prompt') return '';
  return e.text ?? e.key ?? '';
}

/** A phone event in words; `who` is "caller" for the person who dialled, "phone" for a phone the system rang. */
export function describeEvent(e: PhoneEvent, who: 'caller' | 'phone' = 'caller'): string | undefined {
  switch (e.type) {
    case 'answered':
      return 'call answered';
    case 'prompt':
      return e.kind === 'audio'
        ? `hears ${e.key}`
        : e.kind === 'voice'
          ? `other party: "${e.text}"`
          : `hears "${e.text}"`;
    case 'digits-requested':
      return undefined;
    case 'recording-started':
      return 'recording…';
    case 'recording-stopped':
      return 'recording stopped';
    case 'tones':
      return `hears ${e.count} tone(s)`;
    case 'bridged':
      return 'connected to the other party';
    case 'not-heard':
      return `not heard (nothing was listening — no recording, nobody connected): "${e.text}"`;
    case 'words-held':
      return `holds "${e.text}" until the system records (typed ahead)`;
    case 'words-spoken':
      return `recording started: says the words typed ahead, "${e.text}"`;
    case 'hangup':
      return describeHangup(e, who);
  }
}

/**
 * SIP 0 is no SIP status at all: the system ended the call normally (a Hangup action). Other codes are the
 * status PSTN audio reports (480 unavailable, 486 busy, 603 declined, …).
 */
function describeHangup(e: Extract<PhoneEvent, { type: 'hangup' }>, who: 'caller' | 'phone'): string {
  if (e.by === 'caller') return who === 'caller' ? 'caller hangs up' : 'hangs up';
  const code = e.sipCode
    ? ` (SIP ${e.sipCode}${SIP_REASONS[e.sipCode] ? ` ${SIP_REASONS[e.sipCode]}` : ''})`
    : '';
  return `the system hangs up${code}`;
}

const SIP_REASONS: Record<number, string> = {
  404: 'not found',
  408: 'request timeout',
  480: 'temporarily unavailable',
  486: 'busy here',
  500: 'server error',
  603: 'decline',
};

function describeStep(step: Step): string | undefined {
  if ('press' in step) return `caller presses ${step.press}`;
  if ('say' in step) return `caller says "${step.say}"`;
  if ('silence' in step) return `caller is silent for ${step.silence} s`;
  if ('wait' in step) return `${step.wait} s pass`;
  return undefined;
}

function formatOffset(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${(s % 60).toFixed(1).padStart(4, '0')}`;
}
