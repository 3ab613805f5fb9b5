import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../lab/engine';
import { errorsOf, pathOf } from '../../lab/phone/web/execution';

let id = 0;
const ev = (type: string, details?: Record<string, unknown>, previousEventId = id): HistoryEvent => {
  id++;
  const e: HistoryEvent = { id, previousEventId, timestamp: id, type };
  if (details)
    e[
      type.endsWith('StateEntered')
        ? 'stateEnteredEventDetails'
        : type.endsWith('StateExited')
          ? 'stateExitedEventDetails'
          : `${type[0].toLowerCase()}${type.slice(1)}EventDetails`
    ] = details;
  return e;
};

describe('what the page shows of an execution', () => {
  it('the path is every state entered, in order, a state entered twice appearing twice', () => {
    id = 0;
    const history = [
      ev('ExecutionStarted', {}),
      ev('PassStateEntered', { name: 'Init' }),
      ev('PassStateExited', { name: 'Init' }),
      ev('TaskStateEntered', { name: 'Ask for the PIN' }),
      ev('TaskStateExited', { name: 'Ask for the PIN' }),
      ev('ChoiceStateEntered', { name: 'PIN right?' }),
      ev('ChoiceStateExited', { name: 'PIN right?' }),
      ev('TaskStateEntered', { name: 'Ask for the PIN' }),
    ];
    expect(pathOf(history)).toEqual(['Init', 'Ask for the PIN', 'PIN right?', 'Ask for the PIN']);
  });

  it('each error names the state that raised it, caught or not', () => {
    id = 0;
    const history = [
      ev('ExecutionStarted', {}),
      ev('TaskStateEntered', { name: 'Thank the caller' }),
      ev('TaskScheduled', {}),
      ev('TaskStarted', {}),
      ev('TaskFailed', { error: 'HANGUP', cause: 'the call ended' }),
      ev('TaskStateExited', { name: 'Thank the caller' }),
      ev('FailStateEntered', { name: 'Give up' }),
      ev('ExecutionFailed', { error: 'NobodyAnswered', cause: 'the owner did not answer' }),
    ];
    expect(errorsOf(history)).toEqual([
      { state: 'Thank the caller', error: 'HANGUP', cause: 'the call ended', event: 'TaskFailed' },
      {
        state: 'Give up',
        error: 'NobodyAnswered',
        cause: 'the owner did not answer',
        event: 'ExecutionFailed',
      },
    ]);
  });

  it('an error that no state raised (an execution timing out) names no state', () => {
    id = 0;
    const history = [
      ev('ExecutionStarted', {}),
      ev('TaskStateEntered', { name: 'Wait' }),
      ev('TaskStateExited', { name: 'Wait' }),
      ev('ExecutionTimedOut', { error: 'States.Timeout', cause: '' }),
    ];
    expect(errorsOf(history)).toEqual([
      { state: '', error: 'States.Timeout', cause: '', event: 'ExecutionTimedOut' },
    ]);
  });
});
