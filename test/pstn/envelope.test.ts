/**
 * Which responses PSTN audio answers with INVALID_LAMBDA_RESPONSE (docs/aws/pstn-audio.md §3, §8), and
 * with which ErrorType.
 */
import { describe, expect, it } from 'vitest';
import { checkResponse, ENVELOPE_ERRORS } from '../../functions/pstn';

const hangup = { Type: 'Hangup', Parameters: {} };
const speak = { Type: 'Speak', Parameters: { Text: 'Hello' } };
const ok = (extra: Record<string, unknown> = {}) => ({ SchemaVersion: '1.0', Actions: [speak], ...extra });
const attributes = (count: number, value = 'v') =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`key${i}`, value]));
const inbound = { SchemaVersion: '1.0', InvocationEventType: 'NEW_INBOUND_CALL' };
const success = { SchemaVersion: '1.0', InvocationEventType: 'ACTION_SUCCESSFUL' };

describe('responses PSTN audio refuses', () => {
  // prettier-ignore
  it.each<[string, unknown, string]>([
    ['null', null, 'EmptyResponse'],
    ['undefined (a handler that returns nothing)', undefined, 'EmptyResponse'],
    ['an empty string', '', 'EmptyResponse'],
    ['the response as JSON text', JSON.stringify(ok()), 'SchemaVersionMismatch'],
    ['an API Gateway {statusCode, body} wrapper', { statusCode: 200, body: JSON.stringify(ok()) }, 'SchemaVersionMismatch'],
    ['an array of actions', [speak], 'SchemaVersionMismatch'],
    ['a number', 42, 'SchemaVersionMismatch'],
    ['an object without SchemaVersion', { Actions: [speak] }, 'SchemaVersionMismatch'],
    ['SchemaVersion "2.0"', ok({ SchemaVersion: '2.0' }), 'SchemaVersionMismatch'],
    ['SchemaVersion as the number 1.0', ok({ SchemaVersion: 1.0 }), 'SchemaVersionMismatch'],
    ['Actions that are an object', ok({ Actions: speak }), 'InvalidActionList'],
    ['Actions as a string', ok({ Actions: '[]' }), 'InvalidActionList'],
    ['an action that is a string', ok({ Actions: ['Hangup'] }), 'InvalidActionList'],
    ['an action without a Type', ok({ Actions: [{ Parameters: {} }] }), 'InvalidActionList'],
    ['an action without Parameters', ok({ Actions: [{ Type: 'Hangup' }] }), 'InvalidActionList'],
    ['an action whose Parameters are an array', ok({ Actions: [{ Type: 'Hangup', Parameters: [] }] }), 'InvalidActionList'],
    ['an unknown action type', ok({ Actions: [speak, { Type: 'Transfer', Parameters: {} }] }), 'UnsupportedActionType'],
    ['an action type in the wrong case', ok({ Actions: [{ Type: 'speak', Parameters: { Text: 'x' } }] }), 'UnsupportedActionType'],
    ['11 actions', ok({ Actions: Array(11).fill(speak) }), 'TooManyActions'],
    ['TransactionAttributes that are a string', ok({ TransactionAttributes: 'a=b' }), 'TransactionAttributesInvalidFormat'],
    ['TransactionAttributes that are an array', ok({ TransactionAttributes: [['a', 'b']] }), 'TransactionAttributesInvalidFormat'],
    ['a number as an attribute value', ok({ TransactionAttributes: { count: 3 } }), 'TransactionAttributesInvalidFormat'],
    ['a nested object as an attribute value', ok({ TransactionAttributes: { state: { step: 'menu' } } }), 'TransactionAttributesInvalidFormat'],
    ['101 attributes', ok({ TransactionAttributes: attributes(101) }), 'TransactionAttributesInvalidMapSize'],
    ['attributes over 20 KB in total', ok({ TransactionAttributes: attributes(3, 'x'.repeat(7000)) }), 'TransactionAttributesInvalidSize'],
  ])('%s is refused', (_title, response, errorType) => {
    const result = checkResponse(response, success);
    expect(result).toMatchObject({ ok: false, errorType });
    expect(!result.ok && result.errorMessage.startsWith(ENVELOPE_ERRORS[errorType as keyof typeof ENVELOPE_ERRORS].message.split('<')[0])).toBe(true);
  });
});

describe('responses PSTN audio takes', () => {
  it.each<[string, unknown]>([
    ['one action', ok()],
    ['10 actions', ok({ Actions: Array(10).fill(speak) })],
    ['no Actions field (keep what is running)', { SchemaVersion: '1.0' }],
    ['Actions null', ok({ Actions: null })],
    ['Actions []', ok({ Actions: [] })],
    ['TransactionAttributes null (keep the stored ones)', ok({ TransactionAttributes: null })],
    ['TransactionAttributes {} (clear them)', ok({ TransactionAttributes: {} })],
    ['100 attributes', ok({ TransactionAttributes: attributes(100) })],
    ['attributes of exactly 20 KB', ok({ TransactionAttributes: { k: 'x'.repeat(20 * 1024 - 1) } })],
    [
      'an action with parameters AWS will refuse later (checked per action, not here)',
      ok({ Actions: [{ Type: 'Pause', Parameters: {} }] }),
    ],
    ['extra top-level fields', ok({ Note: 'ignored' })],
  ])('%s is taken', (_title, response) => {
    expect(checkResponse(response, success)).toMatchObject({ ok: true });
  });

  it('returns the actions as given, not yet normalised', () => {
    const actions = [{ Type: 'Pause', Parameters: { DurationInMilliseconds: '3000' } }];
    const result = checkResponse(ok({ Actions: actions, TransactionAttributes: { a: 'b' } }), success);
    expect(result).toEqual({
      ok: true,
      response: { SchemaVersion: '1.0', Actions: actions, TransactionAttributes: { a: 'b' } },
    });
  });

  it('reads missing and null Actions as an empty list', () => {
    expect(checkResponse({ SchemaVersion: '1.0' })).toEqual({
      ok: true,
      response: { SchemaVersion: '1.0', Actions: [] },
    });
  });

  it('keeps TransactionAttributes: null, so the caller can tell "keep" from "clear"', () => {
    expect(checkResponse(ok({ TransactionAttributes: null }))).toMatchObject({
      ok: true,
      response: { TransactionAttributes: null },
    });
  });
});

describe('the event being answered', () => {
  it.each([undefined, null, []])(
    'an inbound call answered with Actions %j is refused: it needs at least one action',
    (actions) => {
      const response = actions === undefined ? { SchemaVersion: '1.0' } : ok({ Actions: actions });
      expect(checkResponse(response, inbound)).toMatchObject({
        ok: false,
        errorType: 'EmptyActionList',
        errorMessage: expect.stringContaining('Actions list is empty.'),
      });
    },
  );

  it.each([
    'NEW_OUTBOUND_CALL',
    'RINGING',
    'CALL_ANSWERED',
    'ACTION_SUCCESSFUL',
    'DIGITS_RECEIVED',
    'CALL_UPDATE_REQUESTED',
    'HANGUP',
    'ACTION_INTERRUPTED',
  ])('an empty answer to %s is fine', (InvocationEventType) => {
    expect(checkResponse(ok({ Actions: [] }), { SchemaVersion: '1.0', InvocationEventType })).toMatchObject({
      ok: true,
    });
  });

  it('an inbound call answered with a Hangup (rejecting it) is fine', () => {
    expect(checkResponse(ok({ Actions: [hangup] }), inbound)).toMatchObject({ ok: true });
  });

  it('SchemaVersion must echo the event, not a constant', () => {
    const event = { SchemaVersion: '2.0' };
    expect(checkResponse(ok({ SchemaVersion: '2.0' }), event)).toMatchObject({ ok: true });
    expect(checkResponse(ok(), event)).toMatchObject({
      ok: false,
      errorType: 'SchemaVersionMismatch',
      errorMessage: expect.stringContaining('"2.0"'),
    });
  });

  it('without an event, SchemaVersion "1.0" is expected', () => {
    expect(checkResponse(ok({ SchemaVersion: '1.1' }))).toMatchObject({
      ok: false,
      errorType: 'SchemaVersionMismatch',
    });
  });
});

describe('messages say what is wrong and where', () => {
  it('names the unknown action and its position', () => {
    const result = checkResponse(ok({ Actions: [speak, { Type: 'Transfer', Parameters: {} }] }));
    expect(!result.ok && result.errorMessage).toBe('Unsupported action "Transfer" specified (Actions[1]).');
  });

  it('gives the confirmed map-size text with the limit and the count', () => {
    const result = checkResponse(ok({ TransactionAttributes: attributes(101) }));
    expect(!result.ok && result.errorMessage).toBe(
      'Transaction Attributes has too many mappings. Maximum number of mappings is 100 (got 101)',
    );
  });

  it('points at an API Gateway wrapper', () => {
    const result = checkResponse({ statusCode: 200, body: '{}' });
    expect(!result.ok && result.errorMessage).toContain('API Gateway');
  });

  it('names the attribute whose value is not a string', () => {
    const result = checkResponse(ok({ TransactionAttributes: { ok: 'x', count: 3 } }));
    expect(!result.ok && result.errorMessage).toContain('"count"');
  });
});

describe('limits that changed over time', () => {
  it('can hold attributes to the 2021 limit of 10 mappings', () => {
    const result = checkResponse(ok({ TransactionAttributes: attributes(11) }), undefined, {
      maxAttributes: 10,
    });
    expect(!result.ok && result.errorMessage).toBe(
      'Transaction Attributes has too many mappings. Maximum number of mappings is 10 (got 11)',
    );
  });
});

describe('ENVELOPE_ERRORS', () => {
  it('marks the names AWS confirmed and the ones we invented', () => {
    const confirmed = Object.entries(ENVELOPE_ERRORS)
      .filter(([, e]) => e.confirmed)
      .map(([name]) => name);
    expect(confirmed.sort()).toEqual([
      'ActionExecutionThrottled',
      'SchemaVersionMismatch',
      'TransactionAttributesInvalidMapSize',
    ]);
    for (const name of [
      'InvalidActionList',
      'UnsupportedActionType',
      'TooManyActions',
      'EmptyResponse',
      'EmptyActionList',
    ]) {
      expect(ENVELOPE_ERRORS).toHaveProperty([name, 'confirmed'], false);
    }
  });
});
