/**
 * Digits a workflow marked sensitive (a PIN) never reach it in clear: when the stored TransactionAttributes
 * say `SensitiveDigits: "true"`, `ActionData.ReceivedDigits` in the event sent to Step Functions becomes
 * `hmac-sha256:<hex of HMAC-SHA256(key, TransactionId + ":" + digits)>`, or `redacted` without a key.
 * The workflow compares the digest with the one it stored; nobody sees the PIN.
 */
import { createHmac } from 'node:crypto';
import type { CallView } from './call-view';
import { ATTR } from './carried';

export function digestDigits(key: string, transactionId: string, digits: string): string {
  return `hmac-sha256:${createHmac('sha256', key).update(`${transactionId}:${digits}`).digest('hex')}`;
}

/** The event as Step Functions may see it. Returns the event itself when nothing needs hiding. */
export function protectDigits(event: unknown, call: CallView, key: string | undefined): unknown {
  if (call.attributes[ATTR.SensitiveDigits] !== 'true') return event;
  const root = event as { ActionData?: { ReceivedDigits?: unknown } } | null;
  const digits = root?.ActionData?.ReceivedDigits;
  if (digits === undefined) return event;
  const clear = typeof digits === 'string' ? digits : JSON.stringify(digits);
  const hidden = key === undefined ? 'redacted' : digestDigits(key, call.transactionId ?? '', clear);
  return { ...(event as object), ActionData: { ...root!.ActionData, ReceivedDigits: hidden } };
}
