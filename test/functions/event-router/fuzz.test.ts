/**
 * Whatever arrives — random values, malformed events, unknown event types, two-leg calls, events out of
 * order, queue messages that are not JSON, AWS errors — the router answers with a response PSTN audio
 * accepts, no exception escapes, and its logs hold no digits and no full phone numbers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../../functions/event-router';
import { checkResponse, INVOCATION_EVENT_TYPES, type PstnResponse } from '../../../functions/pstn';
import { BUSINESS, CALL_FLOWS, CALLER, FLOW_ARN, hangupData, pstnEvent } from './support/events';
import { FakeAws, type Reaction } from './support/fake-aws';
import { captureLogs, type LogLine } from './support/harness';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/call-fuzz';
const DIGITS = ['#9173#*5', '*80#27*', '4#4#4#4#'];
const SFN_ERRORS = [
  'TaskTimedOut',
  'InvalidToken',
  'TaskDoesNotExist',
  'ExecutionAlreadyExists',
  'ThrottlingException',
  'ServiceUnavailable',
  'AccessDeniedException',
];

const phone = fc.oneof(
  fc.constantFrom(BUSINESS, CALLER),
  fc.stringMatching(/^\+1[2-9]\d{9}$/),
  fc.string(),
  fc.integer(),
);
const participant = fc.record(
  {
    CallId: fc.oneof(fc.constantFrom('call-a', 'call-b'), fc.anything()),
    ParticipantTag: fc.constantFrom('LEG-A', 'LEG-B', 'Leg-A', undefined, 3),
    To: phone,
    From: phone,
    Direction: fc.constantFrom('Inbound', 'Outbound', 'Sideways'),
    StartTimeInMilliseconds: fc.oneof(fc.constant('1645498023381'), fc.anything()),
    Status: fc.constantFrom(undefined, 'Connected', 'Disconnected', 'Weird', 42),
  },
  { requiredKeys: [] },
);
const attributes = fc.oneof(
  fc.constant(undefined),
  fc.record(
    {
      QueueUrl: fc.constantFrom(QUEUE, ''),
      WaitToken: fc.constantFrom('tok-1', 'tok-2', ''),
      KeepAlive: fc.constantFrom('Pause', 'PlayAudio', 'Unanswered', 'x'),
      CallFailed: fc.constantFrom('true', 'false'),
      SensitiveDigits: fc.constantFrom('true', 'false'),
      Starting: fc.constantFrom('1', '3', '4', 'x'),
      StartingFlow: fc.constantFrom(FLOW_ARN, 'arn:aws:states:us-east-1:123456789012:stateMachine:x'),
      StartingEvent: fc.oneof(
        fc.constantFrom(
          JSON.stringify(pstnEvent('NEW_INBOUND_CALL', { transactionId: 'fuzz-call' })),
          JSON.stringify(pstnEvent('NEW_OUTBOUND_CALL', { transactionId: 'fuzz-call', outbound: true })),
          '{"InvocationEventType":',
        ),
        fc.string(),
      ),
      Owed: fc.constantFrom('success', 'HANGUP', 'ACTION_FAILED', 'INVALID_LAMBDA_RESPONSE', 'x'),
      OwedOutput: fc.oneof(
        fc.constantFrom(
          JSON.stringify(pstnEvent('CALL_ANSWERED', { transactionId: 'fuzz-call', legA: 'Connected' })),
          JSON.stringify(pstnEvent('CALL_ANSWERED', { transactionId: 'another-call' })),
          '{"InvocationEventType":',
          'null',
        ),
        fc.string(),
      ),
      OwedCause: fc.oneof(fc.constant('LEG-A hung up'), fc.string()),
    },
    { requiredKeys: [] },
  ),
  fc.dictionary(fc.string(), fc.anything(), { maxKeys: 4 }),
  fc.anything(),
);
const actionData = fc.oneof(
  fc.constant(undefined),
  fc.record(
    {
      Type: fc.constantFrom(
        'Hangup',
        'PlayAudio',
        'Speak',
        'ReceiveDigits',
        'RecordAudio',
        'SpeakAndGetDigits',
        7,
      ),
      Parameters: fc.oneof(
        fc.record(
          {
            ParticipantTag: fc.constantFrom('LEG-A', 'LEG-B', 9),
            CallId: fc.constantFrom('call-a', 'call-b'),
          },
          { requiredKeys: [] },
        ),
        fc.anything(),
      ),
      ErrorType: fc.oneof(fc.string(), fc.anything()),
      ErrorMessage: fc.oneof(fc.string(), fc.anything()),
      Error: fc.string(),
      ReceivedDigits: fc.oneof(fc.constantFrom(...DIGITS), fc.anything()),
    },
    { requiredKeys: ['Type'] },
  ),
  fc.anything(),
);
const eventType = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...INVOCATION_EVENT_TYPES) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.anything() },
);
const malformedEvent = fc.record(
  {
    SchemaVersion: fc.oneof(
      { weight: 8, arbitrary: fc.constant('1.0') },
      { weight: 1, arbitrary: fc.anything() },
    ),
    Sequence: fc.oneof(fc.nat(), fc.anything()),
    InvocationEventType: eventType,
    CallDetails: fc.oneof(
      {
        weight: 9,
        arbitrary: fc.record(
          {
            TransactionId: fc.oneof(fc.constant('fuzz-call'), fc.uuid(), fc.string(), fc.anything()),
            TransactionAttributes: attributes,
            Participants: fc.oneof(fc.array(participant, { maxLength: 3 }), fc.anything()),
          },
          { requiredKeys: [] },
        ),
      },
      { weight: 1, arbitrary: fc.anything() },
    ),
    ActionData: actionData,
    ErrorType: fc.string(),
    ErrorMessage: fc.string(),
  },
  { requiredKeys: [] },
);
// Events while the router's keep-alive runs, some owed to the workflow's next message, some with an earlier
// one's outcome kept, with digits (sensitive or not): what the router may keep for a later turn.
const duringKeepAlive = fc
  .record({
    type: fc.constantFrom('CALL_ANSWERED', 'HANGUP', 'ACTION_SUCCESSFUL', 'ACTION_FAILED', 'DIGITS_RECEIVED'),
    keepAlive: fc.constantFrom('Pause', 'PlayAudio', 'Unanswered'),
    sensitive: fc.constantFrom('true', 'false', undefined),
    kept: fc.constantFrom<Record<string, string>>(
      {},
      {
        Owed: 'success',
        OwedOutput: JSON.stringify(
          pstnEvent('CALL_ANSWERED', { transactionId: 'fuzz-call', legA: 'Connected' }),
        ),
      },
      { Owed: 'HANGUP', OwedCause: 'LEG-A hung up' },
      { Owed: 'x' },
    ),
    digits: fc.constantFrom(...DIGITS),
    hungUp: fc.constantFrom('LEG-A' as const, 'LEG-B' as const),
    legB: fc.constantFrom(undefined, 'Connected' as const, 'Disconnected' as const),
    outbound: fc.boolean(),
  })
  .map((t) =>
    pstnEvent(t.type, {
      transactionId: 'fuzz-call',
      legA: 'Connected',
      legB: t.legB,
      outbound: t.outbound,
      attributes: {
        QueueUrl: QUEUE,
        KeepAlive: t.keepAlive,
        ...(t.sensitive === undefined ? {} : { SensitiveDigits: t.sensitive }),
        ...t.kept,
      },
      actionData:
        t.type === 'HANGUP'
          ? { ...hangupData(t.hungUp), ReceivedDigits: t.digits }
          : { Type: 'Pause', Parameters: {}, ReceivedDigits: t.digits },
    }),
  );
const anyEvent = fc.oneof(
  { weight: 1, arbitrary: fc.anything() },
  { weight: 9, arbitrary: malformedEvent },
  { weight: 3, arbitrary: duringKeepAlive },
);

const action = fc.record({
  Type: fc.constantFrom('Speak', 'Pause', 'Hangup', 'NotAnAction'),
  Parameters: fc.oneof(fc.record({ Text: fc.string({ maxLength: 20 }) }), fc.anything()),
});
const queueMessage = fc.oneof(
  fc
    .record({
      SchemaVersion: fc.constant('1.0'),
      Actions: fc.array(action, { maxLength: 3 }),
      TransactionAttributes: fc.constantFrom(
        { WaitToken: 'tok-9', QueueUrl: QUEUE },
        { WaitToken: 'tok-9', QueueUrl: QUEUE, SensitiveDigits: 'true' },
      ),
    })
    .map((m) => JSON.stringify(m)),
  fc
    .record(
      { SchemaVersion: fc.anything(), Actions: fc.anything(), TransactionAttributes: fc.anything() },
      { requiredKeys: [] },
    )
    .map((m) => JSON.stringify(m)),
  fc.array(action, { minLength: 11, maxLength: 12 }).map((actions) =>
    JSON.stringify({
      SchemaVersion: '1.0',
      Actions: actions,
      TransactionAttributes: { WaitToken: 'tok-8' },
    }),
  ),
  fc.string(),
);
const reaction: fc.Arbitrary<Reaction> = fc.oneof(
  fc.constant({ nothing: true as const }),
  fc.constantFrom(...SFN_ERRORS).map((fail) => ({ fail })),
  queueMessage.map((post) => ({ post })),
);
const world = fc.record({
  queued: fc.array(queueMessage, { maxLength: 3 }),
  reactions: fc.array(reaction, { maxLength: 6 }),
  sqsDown: fc.option(fc.constantFrom('ServiceUnavailable', 'QueueDoesNotExist', 'AccessDenied'), { freq: 8 }),
  holdAudio: fc.boolean(),
  digitsKey: fc.option(fc.constant('fuzz-key')),
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function setUp(w: World) {
  const aws = new FakeAws();
  aws.queues.set(QUEUE, [...w.queued]);
  aws.followUpQueue = QUEUE;
  aws.sqsDown = w.sqsDown ?? undefined;
  let next = 0;
  aws.react = () => {
    // Every Step Functions call takes a little time, as in AWS: a fake workflow that answers each message
    // the router rejects with another invalid one, at once, still runs into the turn budget.
    aws.clock += 5;
    return w.reactions[next++ % Math.max(1, w.reactions.length)] ?? { nothing: true };
  };
  const logs: LogLine[] = [];
  const router = createRouter({
    sqs: aws.sqs,
    sfn: aws.sfn,
    callFlows: CALL_FLOWS,
    holdAudio: w.holdAudio ? { bucket: 'media', key: 'hold.wav' } : undefined,
    digitsKey: w.digitsKey ?? undefined,
    logger: captureLogs(logs),
    now: aws.now,
    sleep: async (ms) => void (aws.clock += ms),
  });
  return { aws, router, logs };
}

function expectAcceptable(response: PstnResponse, event: unknown) {
  const e = event as { SchemaVersion?: unknown; InvocationEventType?: unknown } | null;
  const version = typeof e?.SchemaVersion === 'string' && e.SchemaVersion !== '' ? e.SchemaVersion : '1.0';
  const type = typeof e?.InvocationEventType === 'string' ? e.InvocationEventType : undefined;
  const check = checkResponse(response, { SchemaVersion: version, InvocationEventType: type });
  if (!check.ok)
    throw new Error(
      `rejected response ${JSON.stringify(response)}: ${check.errorType} ${check.errorMessage}`,
    );
  expect(Array.isArray(response.Actions)).toBe(true);
}

/** An event the router keeps for a later turn (OwedOutput) holds the digits a workflow marked sensitive only
 *  as the HMAC (or `redacted`), never in clear. */
function expectProtectedKeptDigits(response: PstnResponse, event: unknown) {
  const attributes = (event as { CallDetails?: { TransactionAttributes?: unknown } } | null)?.CallDetails
    ?.TransactionAttributes as Record<string, unknown> | null | undefined;
  const kept = response.TransactionAttributes?.OwedOutput;
  if (attributes?.SensitiveDigits !== 'true' || typeof kept !== 'string' || kept === attributes.OwedOutput)
    return;
  for (const digits of DIGITS) expect(kept).not.toContain(digits);
}

function expectCleanLogs(logs: LogLine[], events: unknown[]) {
  const logged = JSON.stringify(logs);
  for (const digits of DIGITS) expect(logged).not.toContain(digits);
  const numbers = new Set<string>([BUSINESS, CALLER]);
  for (const match of JSON.stringify(events).matchAll(/\+1[2-9]\d{9}/g)) numbers.add(match[0]);
  for (const number of numbers) expect(logged).not.toContain(number);
}

describe('fuzz: every response is one PSTN audio accepts', () => {
  it('5,000 random and malformed single events', async () => {
    await fc.assert(
      fc.asyncProperty(anyEvent, world, async (event, w) => {
        const { router, logs } = setUp(w);
        const response = await router(event);
        expectAcceptable(response, event);
        expectProtectedKeptDigits(response, event);
        expectCleanLogs(logs, [event]);
      }),
      { numRuns: 5000 },
    );
  });

  it('1,000 events during a keep-alive, no message in time: what is kept for a later turn holds no sensitive digits in clear', async () => {
    await fc.assert(
      fc.asyncProperty(duringKeepAlive, world, async (event, w) => {
        const { router, logs } = setUp({ ...w, queued: [], sqsDown: null });
        const response = await router(event);
        expectAcceptable(response, event);
        expectProtectedKeptDigits(response, event);
        expectCleanLogs(logs, [event]);
      }),
      { numRuns: 1000 },
    );
  });

  // A call's events in any order, one or two legs, with the attributes carried from turn to turn.
  const turn = fc.record({
    type: fc.constantFrom(...INVOCATION_EVENT_TYPES),
    legA: fc.constantFrom(undefined, 'Connected', 'Disconnected'),
    legB: fc.constantFrom(undefined, 'Connected', 'Disconnected'),
    hungUp: fc.constantFrom('LEG-A', 'LEG-B'),
    digits: fc.option(fc.constantFrom(...DIGITS)),
    outbound: fc.boolean(),
  });

  it('500 calls of 12 events in random order, with two-leg calls and retries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(turn, { minLength: 12, maxLength: 12 }), world, async (turns, w) => {
        const { router, logs } = setUp(w);
        let stored: Record<string, string> | undefined;
        const events: unknown[] = [];
        for (const [sequence, t] of turns.entries()) {
          const leg = (tag: string, status: string | undefined, callId: string) => ({
            CallId: callId,
            ParticipantTag: tag,
            To: t.outbound ? CALLER : BUSINESS,
            From: t.outbound ? BUSINESS : CALLER,
            Direction: t.outbound ? 'Outbound' : 'Inbound',
            StartTimeInMilliseconds: '1645498023381',
            ...(status === undefined ? {} : { Status: status }),
          });
          const event = {
            SchemaVersion: '1.0',
            Sequence: sequence + 1,
            InvocationEventType: t.type,
            ActionData:
              t.type === 'HANGUP'
                ? {
                    Type: 'Hangup',
                    Parameters: {
                      SipResponseCode: 0,
                      ParticipantTag: t.hungUp,
                      CallId: t.hungUp === 'LEG-A' ? 'call-a' : 'call-b',
                    },
                  }
                : {
                    Type: 'SpeakAndGetDigits',
                    Parameters: {},
                    ...(t.digits ? { ReceivedDigits: t.digits } : {}),
                    ErrorType: 'X',
                    ErrorMessage: 'y',
                  },
            CallDetails: {
              TransactionId: 'fuzz-call',
              ...(stored ? { TransactionAttributes: stored } : {}),
              Participants: [
                leg('LEG-A', t.legA, 'call-a'),
                ...(t.legB ? [leg('LEG-B', t.legB, 'call-b')] : []),
              ],
            },
          };
          events.push(event);
          const response = await router(event);
          expectAcceptable(response, event);
          expectProtectedKeptDigits(response, event);
          if (response.TransactionAttributes) stored = response.TransactionAttributes;
        }
        expectCleanLogs(logs, events);
      }),
      { numRuns: 500 },
    );
  });
});
