/**
 * What EventBridge Scheduler hands place-call for a callback, checked; and the call it asks for. Pure.
 */

export interface CallbackRequest {
  /** the business number: the caller ID of the call, and the line whose workflow runs it */
  Line: string;
  /** the owner's phone, called first */
  Owner: string;
  /** the customer, bridged once the owner answers */
  Customer: string;
  /** 1 for the first try */
  Attempt?: number;
  MaxAttempts?: number;
  RetryMinutes?: number;
}

export interface CallToPlace {
  FromPhoneNumber: string;
  ToPhoneNumber: string;
  ArgumentsMap: Record<string, string>;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** Throws an Error naming the field that is wrong. */
export function callFor(request: CallbackRequest): CallToPlace {
  if (typeof request !== 'object' || request === null)
    throw new Error('the schedule input must be a JSON object');
  for (const field of ['Line', 'Owner', 'Customer'] as const) {
    if (typeof request[field] !== 'string' || !E164.test(request[field])) {
      throw new Error(`${field} must be an E.164 number like "+12065550123"`);
    }
  }
  const attempt = whole(request.Attempt, 1, 'Attempt');
  const maxAttempts = whole(request.MaxAttempts, 1, 'MaxAttempts');
  const retryMinutes = whole(request.RetryMinutes, 5, 'RetryMinutes');
  return {
    FromPhoneNumber: request.Line,
    ToPhoneNumber: request.Owner,
    ArgumentsMap: {
      Purpose: 'callback',
      Customer: request.Customer,
      Attempt: String(attempt),
      MaxAttempts: String(maxAttempts),
      RetryMinutes: String(retryMinutes),
    },
  };
}

function whole(value: unknown, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw new Error(`${field} must be a whole number >= 1`);
  return n;
}

/** Backoff before try `n` (1-based) after throttling: 1 s, 2 s, 4 s … (the API allows about one call a second). */
export function backoffMs(n: number): number {
  return 1000 * 2 ** (n - 1);
}
