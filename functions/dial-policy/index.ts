/**
 * functions/dial-policy — may the business line dial this number? Checks the digits the owner keyed
 * (numbers.ts, by NANP area code) and, when `Reserve` is true, takes one call from the line's daily cap and
 * from the day's calls to that number. The one decision for every call the line places: "call a customer",
 * "call this caller back", and scheduled callbacks (when scheduled and again when placed).
 *
 * Input: `{ "Digits": "2065550123", "Line": "+1…", "AllowedRegions": ["US", "CA"], "AllowedCountries": [],
 * "DailyCap": 20, "PerNumberDailyCap": 3, "Reserve": true, "Day": "2026-11-23" }` →
 * `{ allowed, number?, spoken?, reason?, message }` (message: words a prompt can speak).
 * The counters live in the table as `pk = OUTBOUND#<line>`, `sk = <day>` (the line) and
 * `sk = <day>#<hash of the number>` (one number), each with `expiresAt`.
 *
 * Environment (read once, at cold start): TABLE_NAME.
 */
import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { countCall, uncountCall } from './counters';
import { DEFAULT_REGIONS, KNOWN_REGIONS } from './nanp-area-codes';
import { checkNumber, type DialRules, type RefusalReason } from './numbers';

export { checkNumber, checkNanp, spokenNumber, type NumberVerdict, type DialRules } from './numbers';
export { AREA_REGIONS, DEFAULT_REGIONS, TOLL_FREE, SERVICE_CODES } from './nanp-area-codes';

export interface DialRequest {
  Digits: string;
  Line: string;
  AllowedRegions?: string[];
  AllowedCountries?: string[];
  DailyCap?: number;
  PerNumberDailyCap?: number;
  Reserve?: boolean;
  /** the business's date (YYYY-MM-DD) the caps count; default the UTC date */
  Day?: string;
}

export interface DialAnswer {
  allowed: boolean;
  number?: string;
  spoken?: string;
  reason?: RefusalReason | 'cap' | 'repeat';
  message: string;
}

export interface DialPolicyDeps {
  dynamodb: DynamoDBClient;
  tableName: string;
  now?: () => number;
  logger?: Logger;
}

export class InvalidDialRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidDialRequest';
  }
}

const CAP_REACHED = 'This line has made all the calls it may make today. Please try again tomorrow.';
const REPEAT_REACHED =
  'This line has called that number as often as it may today. Please try again tomorrow.';

export function createDialPolicy(deps: DialPolicyDeps): (event: DialRequest) => Promise<DialAnswer> {
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? new Logger({ serviceName: 'dial-policy' });
  return async (event) => {
    const { rules, dailyCap, perNumberCap } = checked(event);
    const verdict = checkNumber(event.Digits, rules);
    if (!verdict.ok) {
      logger.info('number refused', { reason: verdict.reason });
      return { allowed: false, reason: verdict.reason, message: verdict.message };
    }
    if (event.Reserve) {
      const day = event.Day ?? new Date(now()).toISOString().slice(0, 10);
      const counter = { dynamodb: deps.dynamodb, tableName: deps.tableName, line: event.Line, now: now() };
      const numberKey = `${day}#${createHash('sha256').update(verdict.number).digest('hex').slice(0, 16)}`;
      if (!(await countCall(counter, numberKey, perNumberCap))) {
        logger.info('daily limit for one number reached', { cap: perNumberCap });
        return { allowed: false, reason: 'repeat', message: REPEAT_REACHED };
      }
      if (!(await countCall(counter, day, dailyCap))) {
        await uncountCall(counter, numberKey);
        logger.info('daily outbound cap reached', { cap: dailyCap });
        return { allowed: false, reason: 'cap', message: CAP_REACHED };
      }
    }
    return {
      allowed: true,
      number: verdict.number,
      spoken: verdict.spoken,
      message: `Calling ${verdict.spoken}.`,
    };
  };
}

function checked(event: DialRequest): { rules: DialRules; dailyCap: number; perNumberCap: number } {
  if (typeof event?.Digits !== 'string')
    throw new InvalidDialRequest('Digits (the keyed number) must be a string');
  if (typeof event.Line !== 'string' || !event.Line)
    throw new InvalidDialRequest('Line (the business number) is required');
  const regions = event.AllowedRegions ?? [...DEFAULT_REGIONS];
  if (!Array.isArray(regions) || !regions.every((r) => typeof r === 'string' && KNOWN_REGIONS.has(r))) {
    throw new InvalidDialRequest(
      `AllowedRegions must list NANP regions from functions/dial-policy/nanp-area-codes.ts, like ["US", "CA", "PR"]; got ${JSON.stringify(regions)}`,
    );
  }
  const countries = event.AllowedCountries ?? [];
  if (
    !Array.isArray(countries) ||
    !countries.every((c) => typeof c === 'string' && /^[1-9]\d{0,2}$/.test(c))
  ) {
    throw new InvalidDialRequest(
      'AllowedCountries must be a list of country calling codes like ["44", "33"]',
    );
  }
  return {
    rules: { regions, countries },
    dailyCap: cap(event.DailyCap, 20, 'DailyCap'),
    perNumberCap: cap(event.PerNumberDailyCap, 3, 'PerNumberDailyCap'),
  };
}

function cap(value: unknown, fallback: number, field: string): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new InvalidDialRequest(
      `${field} must be a whole number of calls >= 0, got ${JSON.stringify(value)}`,
    );
  return value;
}

let cold: ((event: DialRequest) => Promise<DialAnswer>) | undefined;

export async function handler(event: DialRequest): Promise<DialAnswer> {
  if (!cold) {
    if (!process.env.TABLE_NAME) throw new Error('TABLE_NAME is not set');
    cold = createDialPolicy({ dynamodb: new DynamoDBClient({}), tableName: process.env.TABLE_NAME });
  }
  return cold(event);
}
