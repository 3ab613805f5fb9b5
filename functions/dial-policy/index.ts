/**
 * functions/dial-policy — may the business line dial this number? Checks the digits the owner keyed
 * (numbers.ts) and, when `Reserve` is true, takes one call from the line's daily cap.
 *
 * Input: `{ "Digits": "2065550123", "Line": "+1…", "AllowedCountries": ["1"], "DailyCap": 20, "Reserve": true,
 * "Day": "2026-11-23" }` → `{ allowed, number?, spoken?, reason?, message }` (message: words a prompt can speak).
 * The cap lives in the table as `pk = OUTBOUND#<line>, sk = <day>` with a counter and `expiresAt`.
 *
 * Environment (read once, at cold start): TABLE_NAME.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ConditionalCheckFailedException, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { checkNumber } from './numbers';

export { checkNumber, spokenNumber, type NumberVerdict } from './numbers';

export interface DialRequest {
  Digits: string;
  Line: string;
  AllowedCountries?: string[];
  DailyCap?: number;
  Reserve?: boolean;
  /** the business's date (YYYY-MM-DD) the cap counts; default the UTC date */
  Day?: string;
}

export interface DialAnswer {
  allowed: boolean;
  number?: string;
  spoken?: string;
  reason?: 'invalid' | 'country' | 'premium' | 'cap';
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

export function createDialPolicy(deps: DialPolicyDeps): (event: DialRequest) => Promise<DialAnswer> {
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? new Logger({ serviceName: 'dial-policy' });
  return async (event) => {
    if (typeof event?.Digits !== 'string')
      throw new InvalidDialRequest('Digits (the keyed number) must be a string');
    if (typeof event.Line !== 'string' || !event.Line)
      throw new InvalidDialRequest('Line (the business number) is required');
    const allowed = event.AllowedCountries ?? ['1'];
    if (!Array.isArray(allowed) || !allowed.every((c) => typeof c === 'string' && /^[1-9]\d{0,2}$/.test(c))) {
      throw new InvalidDialRequest(
        'AllowedCountries must be a list of country calling codes like ["1", "44"]',
      );
    }
    const verdict = checkNumber(event.Digits, allowed);
    if (!verdict.ok) {
      logger.info('number refused', { reason: verdict.reason });
      return { allowed: false, reason: verdict.reason, message: verdict.message };
    }
    if (event.Reserve) {
      const cap = event.DailyCap ?? 20;
      const day = event.Day ?? new Date(now()).toISOString().slice(0, 10);
      try {
        await deps.dynamodb.send(
          new UpdateItemCommand({
            TableName: deps.tableName,
            Key: marshall({ pk: `OUTBOUND#${event.Line}`, sk: day }),
            UpdateExpression: 'ADD calls :one SET expiresAt = :expires',
            ConditionExpression: 'attribute_not_exists(calls) OR calls < :cap',
            ExpressionAttributeValues: marshall({
              ':one': 1,
              ':cap': cap,
              ':expires': Math.floor(now() / 1000) + 2 * 86_400,
            }),
          }),
        );
      } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
        logger.info('daily outbound cap reached', { cap });
        return {
          allowed: false,
          reason: 'cap',
          message: 'This line has made all the calls it may make today. Please try again tomorrow.',
        };
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

let cold: ((event: DialRequest) => Promise<DialAnswer>) | undefined;

export async function handler(event: DialRequest): Promise<DialAnswer> {
  if (!cold) {
    if (!process.env.TABLE_NAME) throw new Error('TABLE_NAME is not set');
    cold = createDialPolicy({ dynamodb: new DynamoDBClient({}), tableName: process.env.TABLE_NAME });
  }
  return cold(event);
}
