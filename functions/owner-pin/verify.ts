/**
 * The owner's PIN check. The PIN itself never reaches the workflow: the router digests the digits
 * (`hmac-sha256:<hex>` of `TransactionId:digits` under the digits key) and this compares that digest with the
 * one the stored PIN would give, in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function digestOf(digitsKey: string, transactionId: string, digits: string): string {
  return `hmac-sha256:${createHmac('sha256', digitsKey).update(`${transactionId}:${digits}`).digest('hex')}`;
}

/** True when the digest is the one the owner's PIN gives for this call. Constant time in the digest. */
export function pinMatches(digest: string, pin: string, digitsKey: string, transactionId: string): boolean {
  const expected = Buffer.from(digestOf(digitsKey, transactionId, pin));
  const given = Buffer.from(digest);
  if (given.length !== expected.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(given, expected);
}

/** Throws when the stored PIN is not one the prompt can take (digits only, `pinLength` to 12 of them). */
export function checkStoredPin(pin: string, pinLength: number): void {
  if (!/^\d+$/.test(pin) || pin.length < pinLength || pin.length > 12) {
    throw new Error(
      `the owner PIN in the secret must be ${pinLength} to 12 digits (PinLength is ${pinLength}); ` +
        'change it with put-secret-value',
    );
  }
}
