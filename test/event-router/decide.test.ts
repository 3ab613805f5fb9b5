import { describe, expect, it } from 'vitest';
import { readCall } from '../../functions/event-router/call-view';
import {
  keptOutcome,
  keptStart,
  readKeptOutcome,
  withoutKept,
  withoutKeptIn,
} from '../../functions/event-router/carried';
import {
  BETWEEN_TURNS_CAUSE,
  decide,
  endOfCall,
  MAX_START_KEEP_ALIVES,
  whenNothingArrivesAgain,
  whenStartFails,
  workflowMayStillPost,
  type Decision,
} from '../../functions/event-router/decide';
import { BUSINESS, CALL_FLOWS, FLOW_ARN, hangupData, pstnEvent, type EventOptions } from './support/events';

const QUEUE = 'http://localhost/123456789012/call-tx-0001';
const waiting = { QueueUrl: QUEUE, WaitToken: 'token-1' };
const EXECUTION_ARN = `${FLOW_ARN.replace(':stateMachine:', ':execution:')}:call-tx-0001`;
const INBOUND_FIRST = JSON.stringify(pstnEvent('NEW_INBOUND_CALL'));
const OUTBOUND_FIRST = JSON.stringify(pstnEvent('NEW_OUTBOUND_CALL', { outbound: true }));
/** What the router keeps when the budget ended during the start (CreateQueue done, StartExecution not). */
const starting = (first = INBOUND_FIRST, more: Record<string, string> = {}) => ({
  QueueUrl: QUEUE,
  KeepAlive: 'Pause',
  Starting: '1',
  StartingFlow: FLOW_ARN,
  StartingEvent: first,
  ...more,
});
/** CALL_ANSWERED as the router kept it when the workflow's first message did not come in its turn. */
const ANSWERED = JSON.stringify(
  pstnEvent('CALL_ANSWERED', {
    outbound: true,
    legA: 'Connected',
    attributes: { QueueUrl: QUEUE, KeepAlive: 'Unanswered' },
  }),
);
const keptAnswer = { Owed: 'success', OwedOutput: ANSWERED };
const keptHangup = { Owed: 'HANGUP', OwedCause: 'LEG-A hung up' };
const decideFor = (type: string, options: EventOptions = {}) =>
  decide(readCall(pstnEvent(type, options)), CALL_FLOWS);

interface Case {
  behaviour: string;
  type: string;
  options?: EventOptions;
  expected: { do: Decision['do'] } & Record<string, unknown>;
}

const cases: Case[] = [
  // first events
  {
    behaviour: 'an inbound call to a served number starts its workflow, routed by LEG-A To',
    type: 'NEW_INBOUND_CALL',
    expected: { do: 'start-call', stateMachineArn: FLOW_ARN, name: 'call-tx-0001', direction: 'inbound' },
  },
  {
    behaviour: 'an outbound call from a served number starts its workflow, routed by LEG-A From',
    type: 'NEW_OUTBOUND_CALL',
    options: { outbound: true },
    expected: { do: 'start-call', stateMachineArn: FLOW_ARN, direction: 'outbound', keepAlive: 'Unanswered' },
  },
  {
    behaviour: 'a retried first event starts the same call again (same queue and execution name)',
    type: 'NEW_INBOUND_CALL',
    options: { sequence: 1 },
    expected: { do: 'start-call', name: 'call-tx-0001' },
  },
  {
    behaviour: 'an inbound call to a number nobody serves is rejected',
    type: 'NEW_INBOUND_CALL',
    options: { outbound: true },
    expected: { do: 'reject-call', why: 'no call flow serves this number' },
  },
  {
    behaviour: 'a first event without a usable transaction id is rejected (it could not name a queue)',
    type: 'NEW_INBOUND_CALL',
    options: { transactionId: 'not a/name' },
    expected: { do: 'reject-call' },
  },
  // answered at once
  {
    behaviour: 'RINGING is answered at once',
    type: 'RINGING',
    options: { attributes: waiting },
    expected: { do: 'answer-now' },
  },
  {
    behaviour: 'ACTION_INTERRUPTED is answered at once',
    type: 'ACTION_INTERRUPTED',
    options: { attributes: waiting, legA: 'Connected' },
    expected: { do: 'answer-now' },
  },
  {
    behaviour: 'an unknown event type is answered at once with no actions',
    type: 'SOMETHING_NEW',
    options: { attributes: waiting, legA: 'Connected' },
    expected: { do: 'answer-now' },
  },
  // successes
  ...(['ACTION_SUCCESSFUL', 'CALL_ANSWERED', 'DIGITS_RECEIVED', 'CALL_UPDATE_REQUESTED'] as const).map(
    (type) => ({
      behaviour: `${type} completes the waiting task successfully, then polls`,
      type,
      options: { attributes: waiting, legA: 'Connected' as const },
      expected: {
        do: 'complete-task' as const,
        token: 'token-1',
        queueUrl: QUEUE,
        outcome: { status: 'success' },
        then: 'poll',
      },
    }),
  ),
  {
    behaviour: 'a LEG-B HANGUP while LEG-A is connected completes the task successfully, then polls',
    type: 'HANGUP',
    options: {
      attributes: waiting,
      legA: 'Connected',
      legB: 'Disconnected',
      actionData: hangupData('LEG-B'),
    },
    expected: { do: 'complete-task', outcome: { status: 'success' }, then: 'poll' },
  },
  // failures
  {
    behaviour: 'ACTION_FAILED fails the task with ACTION_FAILED and "<ErrorType>: <ErrorMessage>"',
    type: 'ACTION_FAILED',
    options: {
      attributes: waiting,
      legA: 'Connected',
      actionData: {
        Type: 'PlayAudio',
        Parameters: {},
        ErrorType: 'InvalidAudioSource',
        ErrorMessage: 'Audio Source parameter value is invalid.',
      },
    },
    expected: {
      do: 'complete-task',
      outcome: {
        status: 'failure',
        error: 'ACTION_FAILED',
        cause: 'InvalidAudioSource: Audio Source parameter value is invalid.',
      },
      then: 'poll',
    },
  },
  {
    behaviour: 'INVALID_LAMBDA_RESPONSE fails the task with the top-level ErrorType and ErrorMessage',
    type: 'INVALID_LAMBDA_RESPONSE',
    options: {
      attributes: waiting,
      legA: 'Connected',
      extra: { ErrorType: 'TooManyActions', ErrorMessage: 'Too many actions specified in a response.' },
    },
    expected: {
      do: 'complete-task',
      outcome: {
        status: 'failure',
        error: 'INVALID_LAMBDA_RESPONSE',
        cause: 'TooManyActions: Too many actions specified in a response.',
      },
    },
  },
  {
    behaviour: 'a LEG-A HANGUP while LEG-B is still connected fails the task with HANGUP, then polls',
    type: 'HANGUP',
    options: {
      attributes: waiting,
      legA: 'Disconnected',
      legB: 'Connected',
      actionData: hangupData('LEG-A'),
    },
    expected: {
      do: 'complete-task',
      outcome: { status: 'failure', error: 'HANGUP', cause: 'LEG-A hung up' },
      then: 'poll',
    },
  },
  // end of call
  {
    behaviour: 'the final HANGUP (no leg connected) ends the call, failing the waiting task',
    type: 'HANGUP',
    options: { attributes: waiting, legA: 'Disconnected', actionData: hangupData('LEG-A') },
    expected: { do: 'end-call', queueUrl: QUEUE, token: 'token-1', executions: [EXECUTION_ARN] },
  },
  {
    behaviour: 'the final HANGUP of a two-leg call ends the call',
    type: 'HANGUP',
    options: {
      attributes: waiting,
      legA: 'Disconnected',
      legB: 'Disconnected',
      actionData: hangupData('LEG-B'),
    },
    expected: { do: 'end-call', token: 'token-1' },
  },
  {
    behaviour:
      "a recording cut short by the caller's hang-up is still delivered (it carries the recording), without polling",
    type: 'ACTION_SUCCESSFUL',
    options: {
      attributes: waiting,
      legA: 'Disconnected',
      actionData: { Type: 'RecordAudio', Parameters: {} },
    },
    expected: { do: 'complete-task', outcome: { status: 'success' }, then: 'answer-now' },
  },
  {
    behaviour:
      'a prompt reported after the caller hung up is not delivered as a success: the final HANGUP fails the task',
    type: 'ACTION_SUCCESSFUL',
    options: { attributes: waiting, legA: 'Disconnected', actionData: { Type: 'PlayAudio', Parameters: {} } },
    expected: { do: 'answer-now' },
  },
  {
    behaviour: 'a digit prompt reported after the caller hung up (no digits) is not delivered either',
    type: 'ACTION_SUCCESSFUL',
    options: {
      attributes: waiting,
      legA: 'Disconnected',
      actionData: { Type: 'SpeakAndGetDigits', Parameters: {}, ReceivedDigits: '' },
    },
    expected: { do: 'answer-now' },
  },
  {
    behaviour: 'an action that failed as the caller hung up leaves the task to the final HANGUP',
    type: 'ACTION_FAILED',
    options: {
      attributes: waiting,
      legA: 'Disconnected',
      actionData: { Type: 'Speak', Parameters: {}, ErrorType: 'SystemException', ErrorMessage: 'x' },
    },
    expected: { do: 'answer-now' },
  },
  {
    behaviour:
      "a final HANGUP with no stored queue (hung up during the first turn) looks for the queue by the call's name",
    type: 'HANGUP',
    options: { legA: 'Disconnected', actionData: hangupData('LEG-A') },
    expected: { do: 'end-call', queueName: 'call-tx-0001', token: undefined, executions: [EXECUTION_ARN] },
  },
  {
    behaviour: 'a final HANGUP with no stored queue and no usable transaction id needs nothing cleaned up',
    type: 'HANGUP',
    options: { transactionId: 'not a/name', legA: 'Disconnected', actionData: hangupData('LEG-A') },
    expected: { do: 'answer-now' },
  },
  {
    behaviour: 'an event for a call the router has no queue for is hung up',
    type: 'CALL_ANSWERED',
    options: { outbound: true, legA: 'Connected' },
    expected: { do: 'reject-call' },
  },
  // no task waiting, keep-alive
  {
    behaviour: 'with no task waiting (a message without WaitToken), an event just polls',
    type: 'ACTION_SUCCESSFUL',
    options: { attributes: { QueueUrl: QUEUE }, legA: 'Connected' },
    expected: { do: 'poll', queueUrl: QUEUE },
  },
  {
    behaviour: "the keep-alive's ACTION_SUCCESSFUL polls again instead of completing a task",
    type: 'ACTION_SUCCESSFUL',
    options: { attributes: { ...waiting, KeepAlive: 'Pause' }, legA: 'Connected' },
    expected: { do: 'poll', why: 'the keep-alive finished', checkWorkflow: [EXECUTION_ARN] },
  },
  {
    behaviour:
      "the end of a keep-alive asks about the workflow if nothing comes again; an outbound call's under the state machine of LEG-A From",
    type: 'ACTION_SUCCESSFUL',
    options: { attributes: { ...waiting, KeepAlive: 'Pause' }, legA: 'Connected', outbound: true },
    expected: { do: 'poll', checkWorkflow: [EXECUTION_ARN] },
  },
  {
    behaviour: 'a failed hold audio keep-alive polls again and falls back to a Pause',
    type: 'ACTION_FAILED',
    options: {
      attributes: { ...waiting, KeepAlive: 'PlayAudio' },
      legA: 'Connected',
      actionData: { Type: 'PlayAudio', Parameters: {}, ErrorType: 'InvalidAudioSource', ErrorMessage: 'x' },
    },
    expected: { do: 'poll', keepAlive: 'Pause', checkWorkflow: [EXECUTION_ARN] },
  },
  {
    behaviour:
      'CALL_ANSWERED during the keep-alive of an outbound call is owed to the first message that arrives',
    type: 'CALL_ANSWERED',
    options: { attributes: { QueueUrl: QUEUE, KeepAlive: 'Unanswered' }, outbound: true, legA: 'Connected' },
    expected: { do: 'poll', owed: { status: 'success' } },
  },
  {
    behaviour: 'a LEG-A HANGUP during a keep-alive, LEG-B still connected, is owed as a HANGUP failure',
    type: 'HANGUP',
    options: {
      attributes: { ...waiting, KeepAlive: 'Pause' },
      legA: 'Disconnected',
      legB: 'Connected',
      actionData: hangupData('LEG-A'),
    },
    expected: { do: 'poll', owed: { status: 'failure', error: 'HANGUP', cause: 'LEG-A hung up' } },
  },
  {
    behaviour: 'the final HANGUP during a keep-alive ends the call without re-failing the used token',
    type: 'HANGUP',
    options: {
      attributes: { ...waiting, KeepAlive: 'Pause' },
      legA: 'Disconnected',
      actionData: hangupData('LEG-A'),
    },
    expected: { do: 'end-call', token: undefined },
  },
  {
    behaviour: 'after an apology, a later event apologises and hangs up again',
    type: 'CALL_ANSWERED',
    options: { attributes: { QueueUrl: QUEUE, CallFailed: 'true' }, outbound: true, legA: 'Connected' },
    expected: { do: 'apologise' },
  },
  {
    behaviour: 'after an apology, the final HANGUP still cleans up the call queue',
    type: 'HANGUP',
    options: {
      attributes: { QueueUrl: QUEUE, CallFailed: 'true' },
      legA: 'Disconnected',
      actionData: hangupData('LEG-A'),
    },
    expected: { do: 'end-call', queueUrl: QUEUE },
  },
  // an event owed to a message that did not come in its turn (a keep-alive carried its outcome over)
  {
    behaviour:
      "the keep-alive's completion after CALL_ANSWERED was kept: the first message is owed the kept CALL_ANSWERED, and the workflow is asked about if nothing comes",
    type: 'ACTION_SUCCESSFUL',
    options: {
      attributes: { QueueUrl: QUEUE, KeepAlive: 'Pause', ...keptAnswer },
      outbound: true,
      legA: 'Connected',
    },
    expected: {
      do: 'poll',
      queueUrl: QUEUE,
      kept: { outcome: { status: 'success' }, output: ANSWERED },
      checkWorkflow: [EXECUTION_ARN],
    },
  },
  {
    behaviour: 'a kept HANGUP failure is owed to the first message with its error and cause',
    type: 'ACTION_SUCCESSFUL',
    options: { attributes: { ...waiting, KeepAlive: 'Pause', ...keptHangup }, legB: 'Connected' },
    expected: {
      do: 'poll',
      kept: { outcome: { status: 'failure', error: 'HANGUP', cause: 'LEG-A hung up' }, output: '' },
    },
  },
  {
    behaviour: 'a failed hold audio after a kept outcome still owes it, and falls back to a Pause',
    type: 'ACTION_FAILED',
    options: {
      attributes: { ...waiting, KeepAlive: 'PlayAudio', ...keptAnswer },
      outbound: true,
      legA: 'Connected',
      actionData: { Type: 'PlayAudio', Parameters: {}, ErrorType: 'InvalidAudioSource', ErrorMessage: 'x' },
    },
    expected: { do: 'poll', keepAlive: 'Pause', kept: { output: ANSWERED } },
  },
  {
    behaviour:
      'an event owed itself after a kept outcome: the kept one goes to the first message, this one to the next',
    type: 'HANGUP',
    options: {
      attributes: { QueueUrl: QUEUE, KeepAlive: 'Pause', ...keptAnswer },
      outbound: true,
      legA: 'Connected',
      legB: 'Disconnected',
      actionData: hangupData('LEG-B'),
    },
    expected: { do: 'poll', kept: { output: ANSWERED }, owed: { status: 'success' } },
  },
  {
    behaviour:
      'an event not owed (DIGITS_RECEIVED) during a keep-alive still delivers the kept outcome first',
    type: 'DIGITS_RECEIVED',
    options: {
      attributes: { QueueUrl: QUEUE, KeepAlive: 'Pause', ...keptAnswer },
      outbound: true,
      legA: 'Connected',
    },
    expected: { do: 'poll', kept: { output: ANSWERED } },
  },
  {
    behaviour:
      'the final HANGUP while an outcome is kept ends the call: the message that arrives gets HANGUP, no used token is re-failed',
    type: 'HANGUP',
    options: {
      attributes: { QueueUrl: QUEUE, KeepAlive: 'Pause', ...keptAnswer },
      outbound: true,
      legA: 'Disconnected',
      actionData: hangupData('LEG-A'),
    },
    expected: { do: 'end-call', queueUrl: QUEUE, token: undefined, executions: [EXECUTION_ARN] },
  },
  {
    behaviour: 'an event reporting the caller gone while an outcome is kept is answered at once',
    type: 'ACTION_SUCCESSFUL',
    options: { attributes: { QueueUrl: QUEUE, KeepAlive: 'Pause', ...keptAnswer }, legA: 'Disconnected' },
    expected: { do: 'answer-now' },
  },
  {
    behaviour:
      "an unfinished outbound start with CALL_ANSWERED kept: the keep-alive's completion finishes it, and the first message is owed CALL_ANSWERED, not this event",
    type: 'ACTION_SUCCESSFUL',
    options: { attributes: starting(OUTBOUND_FIRST, keptAnswer), outbound: true, legA: 'Connected' },
    expected: { do: 'start-call', direction: 'outbound', then: 'poll', kept: { output: ANSWERED } },
  },
  // a start the turn budget cut short (a keep-alive carried it to this event)
  {
    behaviour:
      "the keep-alive's ACTION_SUCCESSFUL finishes an unfinished start: same state machine and name, the kept first event, then polls",
    type: 'ACTION_SUCCESSFUL',
    options: { attributes: starting(), legA: 'Connected', sequence: 2 },
    expected: {
      do: 'start-call',
      stateMachineArn: FLOW_ARN,
      name: 'call-tx-0001',
      direction: 'inbound',
      then: 'poll',
      unfinished: { firstEvent: INBOUND_FIRST, keepAlives: 1 },
    },
  },
  {
    behaviour: 'a failed hold audio during an unfinished start finishes it; a further keep-alive is a Pause',
    type: 'ACTION_FAILED',
    options: {
      attributes: starting(INBOUND_FIRST, { KeepAlive: 'PlayAudio' }),
      legA: 'Connected',
      actionData: { Type: 'PlayAudio', Parameters: {}, ErrorType: 'InvalidAudioSource', ErrorMessage: 'x' },
    },
    expected: { do: 'start-call', then: 'poll', keepAlive: 'Pause' },
  },
  {
    behaviour:
      "RINGING finishes an unfinished outbound start and is answered at once (its answer's attributes may not be kept)",
    type: 'RINGING',
    options: { attributes: starting(OUTBOUND_FIRST, { KeepAlive: 'Unanswered' }), outbound: true },
    expected: { do: 'start-call', direction: 'outbound', then: 'answer-now', keepAlive: 'Unanswered' },
  },
  {
    behaviour:
      "CALL_ANSWERED finishes an unfinished outbound start; the workflow's first message is owed CALL_ANSWERED",
    type: 'CALL_ANSWERED',
    options: {
      attributes: starting(OUTBOUND_FIRST, { KeepAlive: 'Unanswered' }),
      outbound: true,
      legA: 'Connected',
    },
    expected: { do: 'start-call', direction: 'outbound', then: 'poll', owed: { status: 'success' } },
  },
  {
    behaviour:
      "after an answered outbound call's start keep-alive, its completion finishes the start and is owed to the first message",
    type: 'ACTION_SUCCESSFUL',
    options: { attributes: starting(OUTBOUND_FIRST), outbound: true, legA: 'Connected' },
    expected: { do: 'start-call', direction: 'outbound', owed: { status: 'success' } },
  },
  {
    behaviour: 'the final HANGUP during an unfinished start ends the call: its queue and its execution',
    type: 'HANGUP',
    options: { attributes: starting(), legA: 'Disconnected', actionData: hangupData('LEG-A') },
    expected: { do: 'end-call', queueUrl: QUEUE, token: undefined, executions: [EXECUTION_ARN] },
  },
  {
    behaviour:
      'the final HANGUP during an unfinished start that never created the queue looks for it by name',
    type: 'HANGUP',
    options: {
      attributes: { Starting: '1', StartingFlow: FLOW_ARN, StartingEvent: INBOUND_FIRST, KeepAlive: 'Pause' },
      legA: 'Disconnected',
      actionData: hangupData('LEG-A'),
    },
    expected: { do: 'end-call', queueName: 'call-tx-0001', executions: [EXECUTION_ARN] },
  },
  {
    behaviour: 'an event reporting the caller gone during an unfinished start is answered at once',
    type: 'ACTION_SUCCESSFUL',
    options: { attributes: starting(), legA: 'Disconnected' },
    expected: { do: 'answer-now' },
  },
  {
    behaviour: 'ACTION_INTERRUPTED during an unfinished start is answered at once',
    type: 'ACTION_INTERRUPTED',
    options: { attributes: starting(), legA: 'Connected' },
    expected: { do: 'answer-now' },
  },
  {
    behaviour: 'a kept start naming a state machine that serves no number is not finished: apologise',
    type: 'ACTION_SUCCESSFUL',
    options: {
      attributes: starting(INBOUND_FIRST, { StartingFlow: FLOW_ARN.replace('business-line', 'other') }),
      legA: 'Connected',
    },
    expected: { do: 'apologise' },
  },
  {
    behaviour: 'a kept first event of another call is not finished: apologise',
    type: 'ACTION_SUCCESSFUL',
    options: {
      attributes: starting(JSON.stringify(pstnEvent('NEW_INBOUND_CALL', { transactionId: 'tx-0002' }))),
      legA: 'Connected',
    },
    expected: { do: 'apologise' },
  },
  {
    behaviour: 'a kept first event that is not JSON is not finished: apologise',
    type: 'ACTION_SUCCESSFUL',
    options: { attributes: starting('{"InvocationEventType":"NEW_INB'), legA: 'Connected' },
    expected: { do: 'apologise' },
  },
  {
    behaviour: 'a kept start without a usable Starting count is not finished: apologise',
    type: 'ACTION_SUCCESSFUL',
    options: { attributes: starting(INBOUND_FIRST, { Starting: 'x' }), legA: 'Connected' },
    expected: { do: 'apologise' },
  },
];

describe('the router decides, from the event and its stored attributes alone', () => {
  it.each(cases)('$behaviour', ({ type, options, expected }) => {
    expect(decideFor(type, options)).toMatchObject(expected);
  });

  it('never touches AWS for events it answers at once (the decision names no queue)', () => {
    for (const type of ['RINGING', 'ACTION_INTERRUPTED'])
      expect(decideFor(type, { attributes: waiting })).not.toHaveProperty('queueUrl');
  });

  it('routes only exact E.164 matches', () => {
    const flows = new Map([[BUSINESS.replace('+1', '+44'), FLOW_ARN]]);
    expect(decide(readCall(pstnEvent('NEW_INBOUND_CALL')), flows)).toMatchObject({ do: 'reject-call' });
  });

  it('reads garbage as an event it cannot act on, without throwing', () => {
    for (const garbage of [
      null,
      42,
      'text',
      [],
      { InvocationEventType: 'NEW_INBOUND_CALL' },
      { InvocationEventType: 7 },
    ]) {
      expect(['reject-call', 'answer-now']).toContain(decide(readCall(garbage), CALL_FLOWS).do);
    }
  });
});

describe('a start that did not finish in its turn', () => {
  it.each([
    { failure: 'the turn budget ended during it', budgetEnded: true, next: 'keep-alive' },
    { failure: 'ThrottlingException', error: 'ThrottlingException', httpStatus: 400, next: 'keep-alive' },
    { failure: 'a 500 (InternalFailure)', error: 'InternalFailure', httpStatus: 500, next: 'keep-alive' },
    { failure: 'a 503', error: 'Unknown', httpStatus: 503, next: 'keep-alive' },
    { failure: 'a 429', error: 'Unknown', httpStatus: 429, next: 'keep-alive' },
    {
      failure: 'StateMachineDoesNotExist',
      error: 'StateMachineDoesNotExist',
      httpStatus: 400,
      next: 'apologise',
    },
    { failure: 'AccessDeniedException', error: 'AccessDeniedException', httpStatus: 400, next: 'apologise' },
    { failure: 'QueueDeletedRecently', error: 'QueueDeletedRecently', httpStatus: 400, next: 'apologise' },
    { failure: 'an error without a name or status', next: 'apologise' },
  ])('a start that fails with $failure: $next', ({ budgetEnded = false, error, httpStatus, next }) => {
    expect(whenStartFails({ budgetEnded, error, httpStatus }, 0)).toBe(next);
  });

  it(`a start gets at most ${MAX_START_KEEP_ALIVES} keep-alives, then the apology`, () => {
    const slow = { budgetEnded: true };
    expect(whenStartFails(slow, MAX_START_KEEP_ALIVES - 1)).toBe('keep-alive');
    expect(whenStartFails(slow, MAX_START_KEEP_ALIVES)).toBe('apologise');
  });

  it('a kept start is three attributes, and removing it keeps everything else', () => {
    const kept = keptStart(FLOW_ARN, { firstEvent: INBOUND_FIRST, keepAlives: 2 });
    expect(kept).toEqual({ Starting: '2', StartingFlow: FLOW_ARN, StartingEvent: INBOUND_FIRST });
    expect(withoutKept({ ...kept, QueueUrl: QUEUE, KeepAlive: 'Pause' })).toEqual({
      QueueUrl: QUEUE,
      KeepAlive: 'Pause',
    });
  });

  it('finishing a start does not ask about the workflow (there may be none yet)', () => {
    expect(decideFor('ACTION_SUCCESSFUL', { attributes: starting(), legA: 'Connected' })).not.toHaveProperty(
      'checkWorkflow',
    );
  });
});

describe('an event owed to a message that did not come in its turn', () => {
  const keptDuring = (more: Record<string, string>) =>
    decideFor('ACTION_SUCCESSFUL', {
      attributes: { QueueUrl: QUEUE, KeepAlive: 'Pause', ...more },
      outbound: true,
      legA: 'Connected',
    });

  it('a kept success is its output, a kept failure its error and cause; read back, each is the same', () => {
    const success = { outcome: { status: 'success' as const }, output: ANSWERED };
    const failure = {
      outcome: { status: 'failure' as const, error: 'HANGUP' as const, cause: 'LEG-A hung up' },
      output: '',
    };
    expect(keptOutcome(success)).toEqual(keptAnswer);
    expect(keptOutcome(failure)).toEqual(keptHangup);
    expect(readKeptOutcome(keptOutcome(success), 'tx-0001')).toEqual(success);
    expect(readKeptOutcome(keptOutcome(failure), 'tx-0001')).toEqual(failure);
    expect(readKeptOutcome({ QueueUrl: QUEUE }, 'tx-0001')).toBeUndefined();
  });

  it.each<{ what: string; attributes: Record<string, string> }>([
    {
      what: "another call's event",
      attributes: { ...keptAnswer, OwedOutput: ANSWERED.replace('tx-0001', 'tx-0002') },
    },
    {
      what: 'an output that is not JSON',
      attributes: { Owed: 'success', OwedOutput: '{"InvocationEventType":' },
    },
    { what: 'a success without its output', attributes: { Owed: 'success' } },
    { what: 'an error the protocol does not have', attributes: { Owed: 'TIMEOUT', OwedCause: 'x' } },
    { what: 'a failure without its cause', attributes: { Owed: 'HANGUP' } },
  ])('a kept outcome holding $what is dropped, and the turn polls as without it', ({ attributes }) => {
    const decision = keptDuring(attributes);
    expect(decision).toMatchObject({ do: 'poll', why: expect.stringMatching(/unusable: dropped/) });
    expect(decision).not.toHaveProperty('kept');
  });

  it("a kept outcome is not read when no keep-alive runs (the running actions are the workflow's)", () => {
    const decision = decideFor('ACTION_SUCCESSFUL', {
      attributes: { ...waiting, ...keptAnswer },
      legA: 'Connected',
    });
    expect(decision).toMatchObject({ do: 'complete-task', token: 'token-1' });
    expect(decision).not.toHaveProperty('kept');
  });

  it("removing the router's kept work keeps the protocol's and the workflow's own attributes", () => {
    const own = { QueueUrl: QUEUE, WaitToken: 'token-1', SensitiveDigits: 'true', Menu: 'main' };
    const kept = {
      ...keptAnswer,
      ...keptHangup,
      ...keptStart(FLOW_ARN, { firstEvent: INBOUND_FIRST, keepAlives: 1 }),
    };
    expect(withoutKept({ ...own, ...kept })).toEqual(own);
  });

  it('the event a workflow receives holds no router internals in its TransactionAttributes, only its own', () => {
    const own = { QueueUrl: QUEUE, KeepAlive: 'Pause', Menu: 'main' };
    const event = pstnEvent('ACTION_SUCCESSFUL', { attributes: { ...own, ...keptAnswer, ...starting() } });
    const seen = withoutKeptIn(event) as typeof event;
    expect(seen.CallDetails.TransactionAttributes).toEqual(own);
    expect({ ...seen, CallDetails: { ...seen.CallDetails, TransactionAttributes: undefined } }).toEqual({
      ...event,
      CallDetails: { ...event.CallDetails, TransactionAttributes: undefined },
    });
    const plain = pstnEvent('ACTION_SUCCESSFUL', { attributes: own });
    expect(withoutKeptIn(plain)).toBe(plain);
    for (const garbage of [
      null,
      42,
      'text',
      [],
      { CallDetails: 7 },
      { CallDetails: { TransactionAttributes: [] } },
    ])
      expect(withoutKeptIn(garbage)).toBe(garbage);
  });
});

describe('a workflow that was not listening when the event came', () => {
  it("a workflow's own completed task (no keep-alive) polls without asking about the workflow", () => {
    const decision = decideFor('ACTION_SUCCESSFUL', { attributes: { QueueUrl: QUEUE }, legA: 'Connected' });
    expect(decision).toMatchObject({ do: 'poll' });
    expect(decision).not.toHaveProperty('checkWorkflow');
  });

  it('an event the keep-alive owes to the next message does not ask about the workflow', () => {
    const decision = decideFor('CALL_ANSWERED', {
      attributes: { QueueUrl: QUEUE, KeepAlive: 'Unanswered' },
      outbound: true,
      legA: 'Connected',
    });
    expect(decision).not.toHaveProperty('checkWorkflow');
  });

  it.each([
    { status: 'RUNNING', next: 'keep-alive' },
    { status: undefined, next: 'keep-alive' }, // could not be learnt: keep the caller, try next turn
    { status: 'FAILED', next: 'apologise' },
    { status: 'SUCCEEDED', next: 'apologise' }, // ended without a Hangup
    { status: 'TIMED_OUT', next: 'apologise' },
    { status: 'ABORTED', next: 'apologise' },
  ])('when nothing arrives again and the workflow is $status, the caller gets: $next', ({ status, next }) => {
    expect(whenNothingArrivesAgain(status)).toBe(next);
    expect(workflowMayStillPost(status)).toBe(next === 'keep-alive');
  });

  it('a final HANGUP that failed the live task only drains and deletes the queue', () => {
    expect(endOfCall(true)).toEqual({ then: 'drain-and-delete' });
  });

  it('a final HANGUP that failed no live task waits for the workflow, then stops it with HANGUP', () => {
    expect(endOfCall(false)).toEqual({
      then: 'await-workflow',
      stop: { error: 'HANGUP', cause: BETWEEN_TURNS_CAUSE },
    });
    expect(BETWEEN_TURNS_CAUSE).toBe('the caller hung up while the workflow was between turns');
  });
});
