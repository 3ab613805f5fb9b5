import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readCall } from '../../../functions/event-router/call-view';
import { protectDigits } from '../../../functions/event-router/sensitive-digits';
import { pstnEvent } from './support/events';

const digitsEvent = (attributes: Record<string, string>) =>
  pstnEvent('ACTION_SUCCESSFUL', {
    transactionId: 'tx-pin',
    attributes,
    legA: 'Connected',
    actionData: { Type: 'SpeakAndGetDigits', Parameters: {}, ReceivedDigits: '4321' },
  });

const digitsOf = (event: unknown) =>
  (event as { ActionData: { ReceivedDigits: string } }).ActionData.ReceivedDigits;

describe('sensitive digits never reach the workflow in clear', () => {
  it('are replaced by an HMAC-SHA256 of "<TransactionId>:<digits>" under the key', () => {
    const event = digitsEvent({ SensitiveDigits: 'true' });
    const expected = createHmac('sha256', 'k3y').update('tx-pin:4321').digest('hex');
    expect(digitsOf(protectDigits(event, readCall(event), 'k3y'))).toBe(`hmac-sha256:${expected}`);
  });

  it('are "redacted" when there is no key', () => {
    const event = digitsEvent({ SensitiveDigits: 'true' });
    expect(digitsOf(protectDigits(event, readCall(event), undefined))).toBe('redacted');
  });

  it('differ between calls for the same PIN (the transaction id is part of the digest)', () => {
    const a = digitsEvent({ SensitiveDigits: 'true' });
    const b = { ...a, CallDetails: { ...a.CallDetails, TransactionId: 'tx-other' } };
    expect(digitsOf(protectDigits(a, readCall(a), 'k'))).not.toBe(
      digitsOf(protectDigits(b, readCall(b), 'k')),
    );
  });

  it('leave the original event untouched', () => {
    const event = digitsEvent({ SensitiveDigits: 'true' });
    protectDigits(event, readCall(event), 'k');
    expect(digitsOf(event)).toBe('4321');
  });

  it('are passed in clear when the workflow did not mark them sensitive (menus need them)', () => {
    const event = digitsEvent({ SensitiveDigits: 'false' });
    expect(digitsOf(protectDigits(event, readCall(event), 'k'))).toBe('4321');
  });
});
