import { describe, expect, it } from 'vitest';
import { readCall } from '../../../functions/event-router/call-view';
import {
  apologyResponse,
  emptyResponse,
  hangupResponse,
  keepAliveResponse,
} from '../../../functions/event-router/responses';
import { checkResponse } from '../../../functions/pstn';
import { pstnEvent } from './support/events';

const answered = readCall(pstnEvent('ACTION_SUCCESSFUL', { legA: 'Connected' }));
const stored = { QueueUrl: 'q', WaitToken: 'used-token' };

describe("the router's own responses", () => {
  it('keep-alive: plays HOLD_AUDIO to the connected leg, marked, keeping the stored attributes', () => {
    const response = keepAliveResponse(answered, stored, { holdAudio: { bucket: 'media', key: 'hold.wav' } });
    expect(response).toEqual({
      SchemaVersion: '1.0',
      Actions: [
        {
          Type: 'PlayAudio',
          Parameters: { CallId: 'call-a', AudioSource: { Type: 'S3', BucketName: 'media', Key: 'hold.wav' } },
        },
      ],
      TransactionAttributes: { QueueUrl: 'q', WaitToken: 'used-token', KeepAlive: 'PlayAudio' },
    });
  });

  it('keep-alive: a short Pause without hold audio, or after the hold audio failed', () => {
    for (const response of [
      keepAliveResponse(answered, stored, {}),
      keepAliveResponse(answered, stored, { holdAudio: { bucket: 'b', key: 'k' }, forcePause: true }),
    ]) {
      expect(response.Actions).toEqual([
        { Type: 'Pause', Parameters: { CallId: 'call-a', DurationInMilliseconds: 1000 } },
      ]);
      expect(response.TransactionAttributes).toMatchObject({ KeepAlive: 'Pause' });
    }
  });

  it('keep-alive for an outbound call not yet answered is marked Unanswered (PSTN audio ignores its actions)', () => {
    const response = keepAliveResponse(
      readCall(pstnEvent('NEW_OUTBOUND_CALL', { outbound: true })),
      { QueueUrl: 'q' },
      { unanswered: true },
    );
    expect(response.TransactionAttributes).toEqual({ QueueUrl: 'q', KeepAlive: 'Unanswered' });
  });

  it('apology: Speak then Hangup on the connected leg, and marks the call failed when it stores attributes', () => {
    const response = apologyResponse(answered, stored);
    expect(response.Actions.map((a) => a.Type)).toEqual(['Speak', 'Hangup']);
    expect(response.Actions[0].Parameters).toMatchObject({
      CallId: 'call-a',
      Text: expect.stringMatching(/^Sorry/),
    });
    expect(response.TransactionAttributes).toEqual({ ...stored, CallFailed: 'true' });
    expect(apologyResponse(answered)).not.toHaveProperty('TransactionAttributes');
  });

  it('hang-up aims at the leg still connected when LEG-A has gone', () => {
    const call = readCall(pstnEvent('HANGUP', { legA: 'Disconnected', legB: 'Connected' }));
    expect(hangupResponse(call).Actions).toEqual([
      { Type: 'Hangup', Parameters: { CallId: 'call-b', SipResponseCode: 0 } },
    ]);
  });

  it('echo the schema version of the event', () => {
    const call = readCall({ ...pstnEvent('ACTION_SUCCESSFUL'), SchemaVersion: '1.1' });
    expect(emptyResponse(call).SchemaVersion).toBe('1.1');
  });

  it('all pass the PSTN audio envelope check, including for NEW_INBOUND_CALL', () => {
    const first = readCall(pstnEvent('NEW_INBOUND_CALL'));
    const event = { SchemaVersion: '1.0', InvocationEventType: 'NEW_INBOUND_CALL' };
    for (const response of [
      keepAliveResponse(first, { QueueUrl: 'q' }, {}),
      apologyResponse(first, { QueueUrl: 'q' }),
      hangupResponse(first, 480),
    ]) {
      expect(checkResponse(response, event)).toMatchObject({ ok: true });
    }
  });
});
