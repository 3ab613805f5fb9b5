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

describe('the router reports each turn', () => {
  it('a call started and ended, each turn timed, and the apology when the workflow is out of reach', async () => {
    const { startHarness, SimulatedCall, speak } = await import('./support/harness');
    const { hangupData } = await import('./support/events');
    const records: { name: string }[] = [];
    const h = await startHarness({ turnBudgetMs: 1000, metrics: (r) => records.push(...r) });
    try {
      h.stepFunctions.script = () => [{ message: speak('Welcome') }];
      const call = new SimulatedCall(h.router, `metrics-${Date.now()}`, { legA: 'Connected' });
      await call.send('NEW_INBOUND_CALL', { legA: undefined });
      await call.send('HANGUP', { legA: 'Disconnected', actionData: hangupData('LEG-A') });
      expect(names(records)).toEqual(['TurnTime', 'CallsStarted', 'TurnTime', 'CallsEnded']);

      // a workflow that ends without hanging up: a keep-alive, then the apology
      records.length = 0;
      h.stepFunctions.script = () => [{ message: speak('Welcome') }];
      const lost = new SimulatedCall(h.router, `metrics-lost-${Date.now()}`, { legA: 'Connected' });
      await lost.send('NEW_INBOUND_CALL', { legA: undefined });
      await lost.send('ACTION_SUCCESSFUL', { actionData: speak('Welcome').Actions[0] });
      await lost.send('ACTION_SUCCESSFUL', { actionData: { Type: 'Pause', Parameters: {} } });
      expect(names(records)).toContain('KeepAlives');
      expect(names(records)).toContain('Apologies');
    } finally {
      await h.close();
    }
  });
});
