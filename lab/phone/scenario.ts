/**
 * Call scenario files (docs/architecture.md §3.1): parse and check a YAML scenario, with an error that names
 * the file, the step and the field for anything wrong. Pure: no I/O beyond what the caller passes in.
 */
import { parseDocument } from 'yaml';
import { parseGiven, type Given } from './given';
import { parseLabSettings, type LabSettings } from './lab-settings';

export type Step =
  | { hear: Matcher; timeout?: number }
  | { press: string }
  | { say: string; seconds?: number; language?: string }
  | { silence: number }
  | { wait: number }
  | { hangup: true }
  | { 'expect-hangup': true; timeout?: number };

/** A prompt matcher: a regular expression (written /…/flags) or an audio key / literal text. */
export type Matcher = { regex: RegExp } | { text: string };

export interface PhoneBehaviour {
  answer: boolean;
  /** seconds of ringing before answering (or before giving up when answer is false) */
  after?: number;
  say?: string;
  press?: string;
  /** seconds after answering at which this phone hangs up */
  hangupAfter?: number;
}

export interface Scenario {
  name: string;
  /** a workflow name, or an E.164 number the lab serves */
  line: string;
  from: string;
  at?: string;
  /** The language the caller speaks in every `say` (a BCP-47 code such as es-US; default en-US). */
  language?: string;
  /** Init settings of the `line` workflow that this call runs with, e.g. { Language: es-US }. */
  settings?: Record<string, unknown>;
  phones: Record<string, PhoneBehaviour>;
  /** what the lab holds before the call: voicemails, a PIN lockout, schedules */
  given: Given;
  /** the lab this scenario needs (a model, a speed, missing audio) */
  lab: LabSettings;
  steps: Step[];
  expect: Record<string, unknown>;
  /** seeded faults for this call's follow-up work */
  faults: ScenarioFaults;
  /** where it came from, for messages */
  source: string;
}

export interface ScenarioFaults {
  /** `fail`: every Transcribe batch job started during the scenario ends FAILED; `throttled`: the first two
   * StartTranscriptionJob calls answer LimitExceededException */
  transcription?: 'fail' | 'throttled';
  /** how many notification sends (per channel) answer a throttling error first */
  'notifications-throttled'?: number;
}

export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly where: string,
    detail: string,
  ) {
    super(`${source}: ${where}: ${detail}`);
    this.name = 'ScenarioError';
  }
}

const E164 = /^\+[1-9]\d{1,14}$/;
const VERBS = ['hear', 'press', 'say', 'silence', 'wait', 'hangup', 'expect-hangup'] as const;
const TOP_LEVEL = [
  'name',
  'line',
  'from',
  'at',
  'language',
  'settings',
  'lab',
  'given',
  'phones',
  'steps',
  'expect',
  'faults',
];
const LANGUAGE = /^[a-z]{2,3}-[A-Z]{2}$/;
/** The checks of `expect:` (lab/phone/expectations.ts runs them; docs/phone-lab.md describes each). */
export const CHECK_NAMES = [
  'voicemails',
  'recordings',
  'schedules',
  'execution',
  'hangup-by',
  'bridged',
  'outbound-calls',
  'notifications',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];
const PHONE_FIELDS = ['answer', 'after', 'say', 'press', 'hangupAfter'];

export function parseScenario(text: string, source = 'scenario'): Scenario {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0];
    throw new ScenarioError(
      source,
      line ? `line ${line.line}, column ${line.col}` : 'YAML',
      e.message.split('\n')[0],
    );
  }
  const raw = doc.toJS() as unknown;
  const fail = (where: string, detail: string): never => {
    throw new ScenarioError(source, where, detail);
  };
  if (!isObject(raw))
    return fail('top level', 'a scenario is a YAML mapping with name, line, from and steps');
  for (const key of Object.keys(raw)) {
    if (!TOP_LEVEL.includes(key)) fail(key, `unknown field (expected one of: ${TOP_LEVEL.join(', ')})`);
  }
  const name = requireString(raw.name, 'name', fail);
  const line = requireString(raw.line, 'line', fail);
  if (typeof raw.from === 'number') {
    fail('from', `${raw.from} was read as a number: write E.164 numbers in quotes, like "+${raw.from}"`);
  }
  const from = requireString(raw.from, 'from', fail);
  if (!E164.test(from))
    fail('from', `"${from}" is not an E.164 number (like "+12065550123"); quote it in YAML`);
  let at: string | undefined;
  if (raw.at !== undefined) {
    at = raw.at instanceof Date ? raw.at.toISOString() : requireString(raw.at, 'at', fail);
    if (!Number.isFinite(Date.parse(at)))
      fail('at', `"${at}" is not a date-time (like "2026-11-23T21:30:00-05:00")`);
  }
  const language = raw.language === undefined ? undefined : languageOf(raw.language, 'language', fail);
  if (raw.settings !== undefined && !isObject(raw.settings))
    fail('settings', 'a mapping of the workflow\'s Init settings, like "Language: es-US"');
  if (raw.settings !== undefined && /^\+/.test(line))
    fail('settings', 'settings apply to a workflow: name it in line (like "voice-assistant"), not a number');
  const phones = parsePhones(raw.phones, fail);
  if (!Array.isArray(raw.steps) || raw.steps.length === 0)
    fail('steps', 'a list of at least one step is required');
  const steps = (raw.steps as unknown[]).map((step, i) => parseStep(step, `steps[${i + 1}]`, fail));
  const expect: unknown = raw.expect === undefined ? {} : raw.expect;
  if (!isObject(expect)) return fail('expect', 'a mapping of checks, like "voicemails: 1"');
  for (const key of Object.keys(expect)) {
    if (!(CHECK_NAMES as readonly string[]).includes(key))
      fail(`expect.${key}`, `unknown check (known: ${CHECK_NAMES.join(', ')})`);
  }
  const given = parseGiven(raw.given, fail);
  const lab = parseLabSettings(raw.lab, fail);
  const faults = parseFaults(raw.faults, fail);
  return {
    name,
    line,
    from,
    at,
    ...(language ? { language } : {}),
    ...(raw.settings !== undefined ? { settings: raw.settings as Record<string, unknown> } : {}),
    lab,
    given,
    phones,
    steps,
    expect: expect as Record<string, unknown>,
    faults,
    source,
  };
}

function parseFaults(raw: unknown, fail: Fail): ScenarioFaults {
  if (raw === undefined) return {};
  if (!isObject(raw)) return fail('faults', 'a mapping, like "transcription: fail"');
  const faults: ScenarioFaults = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'transcription') {
      if (value !== 'fail' && value !== 'throttled')
        fail('faults.transcription', `"${String(value)}" is not a fault (write: fail or throttled)`);
      faults.transcription = value;
    } else if (key === 'notifications-throttled') {
      if (!Number.isInteger(value) || (value as number) < 0)
        fail('faults.notifications-throttled', 'a whole number of refused sends, like 2');
      faults['notifications-throttled'] = value as number;
    } else fail(`faults.${key}`, 'unknown fault (expected one of: transcription, notifications-throttled)');
  }
  return faults;
}

type Fail = (where: string, detail: string) => never;

function parsePhones(value: unknown, fail: Fail): Record<string, PhoneBehaviour> {
  if (value === undefined) return {};
  if (!isObject(value))
    return fail('phones', 'a mapping from E.164 number to behaviour, like "+12065550100": { answer: true }');
  const phones: Record<string, PhoneBehaviour> = {};
  for (const [number, behaviour] of Object.entries(value)) {
    const where = `phones["${number}"]`;
    if (!E164.test(number)) fail(where, `"${number}" is not an E.164 number; quote it in YAML`);
    if (!isObject(behaviour)) fail(where, 'a mapping like { answer: true, after: 3 }');
    const b = behaviour as Record<string, unknown>;
    for (const key of Object.keys(b)) {
      if (!PHONE_FIELDS.includes(key))
        fail(`${where}.${key}`, `unknown field (expected one of: ${PHONE_FIELDS.join(', ')})`);
    }
    if (typeof b.answer !== 'boolean') fail(`${where}.answer`, 'must be true or false');
    const phone: PhoneBehaviour = { answer: b.answer as boolean };
    if (b.after !== undefined) phone.after = seconds(b.after, `${where}.after`, fail);
    if (b.hangupAfter !== undefined) phone.hangupAfter = seconds(b.hangupAfter, `${where}.hangupAfter`, fail);
    if (b.say !== undefined) phone.say = requireString(b.say, `${where}.say`, fail);
    if (b.press !== undefined) phone.press = digits(b.press, `${where}.press`, fail);
    phones[number] = phone;
  }
  return phones;
}

function parseStep(step: unknown, where: string, fail: Fail): Step {
  if (step === 'hangup') return { hangup: true };
  if (step === 'expect-hangup') return { 'expect-hangup': true };
  if (!isObject(step)) return fail(where, `a step is one of: ${VERBS.join(', ')} (e.g. "- hear: /closed/i")`);
  const verbs = Object.keys(step).filter((k) => (VERBS as readonly string[]).includes(k));
  if (verbs.length !== 1) {
    return fail(
      where,
      `a step has exactly one verb of: ${VERBS.join(', ')}; found ${Object.keys(step).join(', ') || 'none'}`,
    );
  }
  const verb = verbs[0] as (typeof VERBS)[number];
  const extra = Object.keys(step).filter(
    (k) => k !== verb && !(k === 'timeout' || (verb === 'say' && (k === 'seconds' || k === 'language'))),
  );
  if (extra.length > 0) fail(`${where}.${extra[0]}`, `not an option of "${verb}"`);
  const value = step[verb];
  const timeout = step.timeout === undefined ? undefined : seconds(step.timeout, `${where}.timeout`, fail);
  switch (verb) {
    case 'hear':
      return { hear: matcher(value, `${where}.hear`, fail), ...(timeout !== undefined && { timeout }) };
    case 'press':
      return { press: digits(value, `${where}.press`, fail) };
    case 'say': {
      const s = step.seconds === undefined ? undefined : seconds(step.seconds, `${where}.seconds`, fail);
      const language =
        step.language === undefined ? undefined : languageOf(step.language, `${where}.language`, fail);
      return {
        say: requireString(value, `${where}.say`, fail),
        ...(s !== undefined && { seconds: s }),
        ...(language && { language }),
      };
    }
    case 'silence':
      return { silence: seconds(value, `${where}.silence`, fail) };
    case 'wait':
      return { wait: seconds(value, `${where}.wait`, fail) };
    case 'hangup':
      return { hangup: true };
    case 'expect-hangup':
      return { 'expect-hangup': true, ...(timeout !== undefined && { timeout }) };
  }
}

function languageOf(value: unknown, where: string, fail: Fail): string {
  const code = requireString(value, where, fail);
  if (!LANGUAGE.test(code)) fail(where, `"${code}" is not a language code (like "en-US" or "es-US")`);
  return code;
}

/** `/closed/i` is a regular expression; anything else matches as text (an audio key like beep.wav, or words). */
export function matcher(value: unknown, where: string, fail: Fail): Matcher {
  const text = requireString(value, where, fail);
  const m = /^\/(.*)\/([a-z]*)$/s.exec(text);
  if (!m) return { text };
  try {
    return { regex: new RegExp(m[1], m[2]) };
  } catch (e) {
    return fail(where, `not a valid regular expression: ${(e as Error).message}`);
  }
}

export function matches(m: Matcher, heard: string): boolean {
  return 'regex' in m ? m.regex.test(heard) : heard.toLowerCase().includes(m.text.toLowerCase());
}

export function describeMatcher(m: Matcher): string {
  return 'regex' in m ? String(m.regex) : JSON.stringify(m.text);
}

function digits(value: unknown, where: string, fail: Fail): string {
  const text = typeof value === 'number' ? String(value) : requireString(value, where, fail);
  if (!/^[0-9#*]+$/.test(text)) fail(where, `"${text}" is not DTMF digits (0-9, #, *); quote it in YAML`);
  return text;
}

function seconds(value: unknown, where: string, fail: Fail): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    return fail(where, `must be a number of seconds >= 0, got ${JSON.stringify(value)}`);
  }
  return value;
}

function requireString(value: unknown, where: string, fail: Fail): string {
  if (typeof value !== 'string' || value.length === 0) {
    return fail(
      where,
      value === undefined ? 'is required' : `must be a non-empty string, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
