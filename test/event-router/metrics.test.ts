import { describe, expect, it } from 'vitest';
import { APOLOGY_TEXT, readCall } from '../../functions/event-router';
import { turnMetrics } from '../../functions/event-router/metrics';

const event = (type: string, actionData?: object) => ({
  SchemaVersion: '1.0',
  InvocationEventType: type,
  CallDetails: { TransactionId: 't-1', Participants: [{ CallId: 'a', ParticipantTag: 'LEG-A' }] },
  ...(actionData ? { ActionData: actionData } : {}),
});
const respond = (actions: object[], attributes?: Record<string, string>) => ({
  SchemaVersion: '1.0',
  Actions: actions as never[],
  ...(attributes ? { TransactionAttributes: attributes } : {}),
});
const names = (records: { name: string }[]) => records.map((r) => r.name);

describe('what a turn tells operations', () => {
  it('a call that starts is counted, with the turn time', () => {
    const records = turnMetrics(
      readCall(event('NEW_INBOUND_CALL')),
      'start-call',
      respond([{ Type: 'Speak' }]),
      420,
    );
    expect(records).toEqual([
      { name: 'TurnTime', unit: 'Milliseconds', value: 420 },
      { name: 'CallsStarted', unit: 'Count', value: 1 },
    ]);
  });

  it('the apology and a keep-alive are counted apart', () => {
    const apology = respond([{ Type: 'Speak', Parameters: { Text: APOLOGY_TEXT } }, { Type: 'Hangup' }], {
      CallFailed: 'true',
    });
    expect(names(turnMetrics(readCall(event('ACTION_SUCCESSFUL')), 'poll', apology, 10))).toContain(
      'Apologies',
    );
    const keepAlive = respond([{ Type: 'Pause' }], { KeepAlive: 'Pause' });
    const counted = names(turnMetrics(readCall(event('ACTION_SUCCESSFUL')), 'poll', keepAlive, 10));
    expect(counted).toContain('KeepAlives');
    expect(counted).not.toContain('Apologies');
  });

  it('a failed action is counted in all and by its type; a hang-up ends the call', () => {
    const failed = turnMetrics(
      readCall(
        event('ACTION_FAILED', { Type: 'PlayAudio', ErrorType: 'InvalidAudioSource', ErrorMessage: 'x' }),
      ),
      'poll',
      respond([]),
      5,
    );
    expect(failed).toContainEqual({ name: 'FailedActions', unit: 'Count', value: 1 });
    expect(failed).toContainEqual({
      name: 'FailedActionsByType',
      unit: 'Count',
      value: 1,
      dimension: { name: 'ActionType', value: 'PlayAudio' },
    });
    expect(names(turnMetrics(readCall(event('HANGUP')), 'complete-task', respond([]), 5))).toContain(
      'CallsEnded',
    );
  });
});
