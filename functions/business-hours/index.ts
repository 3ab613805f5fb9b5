/**
 * functions/business-hours — is the business open at the call's time, and when does it open next?
 *
 * Invoked by the business-line workflow with its Init settings and the call's time:
 *   { "Now": "<ISO time or epoch ms>", "TimeZone": "America/New_York",
 *     "Hours": { "Monday": ["09:00-12:00", "13:00-17:00"], …, "Sunday": [] }, "Holidays": ["2026-12-25"] }
 * Returns `HoursAnswer` (open, localTime, spokenTime, nextOpening, nextOpeningAt, closesInMinutes).
 * Bad settings fail with errorType `InvalidHours` and a message naming the field.
 * No environment; `createBusinessHours` is the factory the lab uses.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { businessHours, type HoursAnswer } from './decide';
import type { HoursInput } from './schedule';

export { businessHours, spokenClock, type HoursAnswer } from './decide';
export { localTime, instantOf } from './local-time';
export type { HoursInput } from './schedule';

export class InvalidHours extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidHours';
  }
}

export interface BusinessHoursRequest extends HoursInput {
  Now: string | number;
}

export function createBusinessHours(
  deps: { logger?: Logger } = {},
): (event: BusinessHoursRequest) => Promise<HoursAnswer> {
  const logger = deps.logger ?? new Logger({ serviceName: 'business-hours' });
  return async (event) => {
    const now = typeof event?.Now === 'number' ? event.Now : Date.parse(String(event?.Now));
    if (!Number.isFinite(now))
      throw new InvalidHours(
        `Now: ${JSON.stringify(event?.Now)} is not an ISO date-time or epoch milliseconds`,
      );
    try {
      const answer = businessHours(event, now);
      logger.info('business hours', {
        open: answer.open,
        localTime: answer.localTime,
        timeZone: event.TimeZone,
      });
      return answer;
    } catch (e) {
      throw new InvalidHours((e as Error).message);
    }
  };
}

export const handler = createBusinessHours();
