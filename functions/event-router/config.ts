/**
 * The router's settings, read from the environment once per cold start. Every mistake in them is a clear,
 * thrown error that says which variable is wrong and how: a deployment with a bad map must fail at cold
 * start, not on the first caller.
 */
import { maskNumber } from './masking';

/** E.164: a plus, a non-zero digit, then at most 14 more digits. */
const E164 = /^\+[1-9]\d{1,14}$/;
/** A Standard state machine ARN, optionally qualified by a version number or an alias. */
const STATES_ARN =
  /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_.-]{1,80}(:[A-Za-z0-9_-]{1,80})?$/;

export interface HoldAudio {
  bucket: string;
  key: string;
}

export interface RouterSettings {
  /** E.164 number → state machine ARN. */
  callFlows: ReadonlyMap<string, string>;
  turnBudgetMs: number;
  holdAudio?: HoldAudio;
}

/** Default turn budget: PSTN audio retries an invocation after 5 s; answer well before. */
export const DEFAULT_TURN_BUDGET_MS = 4000;

export function parseCallFlows(text: string | undefined): Map<string, string> {
  if (text === undefined || text.trim() === '') {
    throw new Error(
      'CALL_FLOWS is not set: it must be a JSON object mapping E.164 numbers to state machine ARNs, e.g. {"+12065550100":"arn:aws:states:us-east-1:123456789012:stateMachine:business-line"}',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`CALL_FLOWS is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const got = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
    throw new Error(
      `CALL_FLOWS must be a JSON object mapping E.164 numbers to state machine ARNs, got ${got}`,
    );
  }
  const flows = new Map<string, string>();
  Object.entries(parsed).forEach(([number, arn], index) => {
    const where = `CALL_FLOWS entry ${index + 1} (${maskNumber(number)})`;
    if (!E164.test(number)) {
      throw new Error(
        `${where}: the key is not an E.164 number (a "+" and up to 15 digits, e.g. +12065550100)`,
      );
    }
    if (typeof arn !== 'string') {
      throw new Error(
        `${where}: the value must be a state machine ARN string, got ${arn === null ? 'null' : typeof arn}`,
      );
    }
    if (!STATES_ARN.test(arn)) {
      throw new Error(
        `${where}: "${arn}" is not a state machine ARN (expected arn:aws:states:<region>:<account>:stateMachine:<name>)`,
      );
    }
    flows.set(number, arn);
  });
  return flows;
}

export function parseTurnBudget(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return DEFAULT_TURN_BUDGET_MS;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 200 || value >= 5000) {
    throw new Error(
      `TURN_BUDGET_MS must be a whole number of milliseconds from 200 to 4999 (PSTN audio retries an invocation after 5 s), got "${text}"`,
    );
  }
  return value;
}

export function parseHoldAudio(text: string | undefined): HoldAudio | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const slash = text.indexOf('/');
  const bucket = text.slice(0, slash);
  const key = text.slice(slash + 1);
  if (slash <= 0 || key === '') {
    throw new Error(`HOLD_AUDIO must be "<bucket>/<key>" of a WAV file in S3, got "${text}"`);
  }
  return { bucket, key };
}

export function readSettings(env: Record<string, string | undefined>): RouterSettings {
  return {
    callFlows: parseCallFlows(env.CALL_FLOWS),
    turnBudgetMs: parseTurnBudget(env.TURN_BUDGET_MS),
    holdAudio: parseHoldAudio(env.HOLD_AUDIO),
  };
}
