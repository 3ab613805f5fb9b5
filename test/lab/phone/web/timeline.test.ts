import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../../lab/pstn/types';
import { masked, timelineRow } from '../../../../lab/phone/web/timeline';

const details = {
  TransactionId: 't-1',
  Participants: [
    {
      CallId: 'c-1',
      ParticipantTag: 'LEG-A',
      From: '+13125550142',
      To: '+12065550200',
      Direction: 'Inbound',
    },
  ],
};

describe('the PSTN log as timeline rows', () => {
  it.each<[string, LogEntry, { title: string; detail: string }]>([
    [
      'a new call',
      {
        at: 1,
        kind: 'event',
        sequence: 1,
        attempt: 1,
        event: {
          SchemaVersion: '1.0',
          Sequence: 1,
          InvocationEventType: 'NEW_INBOUND_CALL',
          CallDetails: details,
        } as never,
      },
      { title: 'NEW_INBOUND_CALL', detail: '' },
    ],
    [
      'an action that failed',
      {
        at: 2,
        kind: 'event',
        sequence: 3,
        attempt: 2,
        event: {
          InvocationEventType: 'ACTION_FAILED',
          ActionData: { Type: 'PlayAudio', ErrorType: 'InvalidAudioSource', ErrorMessage: 'no such key' },
          CallDetails: details,
        } as never,
      },
      { title: 'ACTION_FAILED', detail: 'PlayAudio — InvalidAudioSource: no such key' },
    ],
    [
      'a response: its actions, what is spoken and played',
      {
        at: 3,
        kind: 'response',
        sequence: 1,
        attempt: 1,
        response: {
          SchemaVersion: '1.0',
          Actions: [
            { Type: 'Speak', Parameters: { Text: 'We are closed.' } },
            {
              Type: 'PlayAudio',
              Parameters: { AudioSource: { Type: 'S3', BucketName: 'b', Key: 'audio/beep.wav' } },
            },
            { Type: 'RecordAudio', Parameters: {} },
          ],
        },
      },
      { title: 'Speak, PlayAudio, RecordAudio', detail: '"We are closed." · audio/beep.wav' },
    ],
    [
      'an empty response',
      { at: 4, kind: 'response', sequence: 2, attempt: 1, response: { SchemaVersion: '1.0', Actions: [] } },
      { title: 'no actions', detail: '' },
    ],
    [
      'an invocation that failed',
      { at: 5, kind: 'error', sequence: 2, attempt: 1, message: 'Lambda timed out for +13125550142' },
      { title: 'invocation failed', detail: 'Lambda timed out for +1312***0142' },
    ],
    [
      'a note',
      { at: 6, kind: 'note', message: 'call released (480)' },
      { title: 'note', detail: 'call released (480)' },
    ],
  ])('%s', (_, entry, expected) => {
    const row = timelineRow('t-1', entry);
    expect({ title: row.title, detail: row.detail }).toEqual(expected);
    expect(row.at).toBe(entry.at);
    expect(row.kind).toBe(entry.kind);
  });

  it('never shows a phone number or the digits a caller pressed', () => {
    const entry: LogEntry = {
      at: 1,
      kind: 'event',
      sequence: 4,
      attempt: 1,
      event: {
        InvocationEventType: 'ACTION_SUCCESSFUL',
        ActionData: { Type: 'PlayAndGetDigits', ReceivedDigits: '1234' },
        CallDetails: details,
      } as never,
    };
    const text = JSON.stringify(timelineRow('t-1', entry));
    expect(text).not.toMatch(/1234|3125550142|2065550200/);
    expect(text).toContain('+1312***0142');
    expect(masked({ ReceivedDigits: '', StartTimeInMilliseconds: '1795323179172' })).toEqual({
      ReceivedDigits: '',
      StartTimeInMilliseconds: '1795323179172',
    });
  });
});
