/**
 * The response envelope check (docs/aws/pstn-audio.md §3, §8, §9.2–§9.3): what makes PSTN audio answer with
 * INVALID_LAMBDA_RESPONSE. Parameters of each action are checked separately (see actions/), because AWS
 * reports those as ACTION_FAILED when the action runs.
 */
import { ENVELOPE_ERRORS, type EnvelopeErrorType } from './errors';
import { ACTION_TYPES, type PstnResponse } from './types';
import { describeValue, isPlainObject } from './values';

export type ResponseCheck =
  { ok: true; response: PstnResponse } | { ok: false; errorType: string; errorMessage: string };

/** Limits that changed over the service's life; defaults are today's documented values. */
export interface EnvelopeLimits {
  /** 10 (docs/aws/pstn-audio.md §3.1). */
  maxActions: number;
  /** 100 today; 10 in the 2021 docs (docs/aws/pstn-audio.md §3.3). */
  maxAttributes: number;
  /**
   * 20 KB of keys + values, counted as UTF-8 bytes (docs/aws/pstn-audio.md §3.3; how AWS counts is
   * UNCONFIRMED).
   */
  maxAttributeBytes: number;
}

export const DEFAULT_ENVELOPE_LIMITS: EnvelopeLimits = {
  maxActions: 10,
  maxAttributes: 100,
  maxAttributeBytes: 20 * 1024,
};

const utf8 = new TextEncoder();
const KNOWN_TYPES: ReadonlySet<string> = new Set(ACTION_TYPES);

function fail(errorType: EnvelopeErrorType, detail: string, n?: string): ResponseCheck {
  const base: string = ENVELOPE_ERRORS[errorType].message;
  const message = n === undefined ? base : base.replace(/<N>|<name>/, n);
  return { ok: false, errorType, errorMessage: detail ? `${message} ${detail}` : message };
}

/**
 * Checks a Lambda response against the event it answers. `event` defaults to SchemaVersion "1.0" and an
 * event type for which an empty action list is fine.
 */
export function checkResponse(
  response: unknown,
  event?: { SchemaVersion?: string; InvocationEventType?: string },
  limits: Partial<EnvelopeLimits> = {},
): ResponseCheck {
  const { maxActions, maxAttributes, maxAttributeBytes } = { ...DEFAULT_ENVELOPE_LIMITS, ...limits };
  const expectedVersion = event?.SchemaVersion ?? '1.0';

  if (response === null || response === undefined || response === '') {
    return fail('EmptyResponse', `Got ${response === '' ? 'an empty string' : String(response)}.`);
  }
  if (!isPlainObject(response)) {
    const hint =
      typeof response === 'string'
        ? 'Got a string; return the response object itself, not JSON text.'
        : `Got ${describeValue(response)}; the response must be an object.`;
    return fail('SchemaVersionMismatch', hint);
  }
  if (response.SchemaVersion !== expectedVersion) {
    const wrapper = 'statusCode' in response && 'body' in response;
    const hint = wrapper
      ? 'Got an API Gateway style {statusCode, body} wrapper; return the PSTN response object itself.'
      : `Expected SchemaVersion "${expectedVersion}", got ${describeValue(response.SchemaVersion)}.`;
    return fail('SchemaVersionMismatch', hint);
  }

  const actions = response.Actions ?? [];
  if (!Array.isArray(actions)) {
    return fail('InvalidActionList', `Actions must be an array, got ${describeValue(actions)}.`);
  }
  if (actions.length > maxActions) {
    return fail('TooManyActions', `Got ${actions.length} actions; the limit is ${maxActions}.`);
  }
  for (const [i, action] of actions.entries()) {
    if (!isPlainObject(action)) {
      return fail('InvalidActionList', `Actions[${i}] must be an object, got ${describeValue(action)}.`);
    }
    if (typeof action.Type !== 'string') {
      return fail(
        'InvalidActionList',
        `Actions[${i}].Type must be a string, got ${describeValue(action.Type)}.`,
      );
    }
    if (!KNOWN_TYPES.has(action.Type)) {
      return fail('UnsupportedActionType', `(Actions[${i}]).`, describeValue(action.Type));
    }
    if (!isPlainObject(action.Parameters)) {
      return fail(
        'InvalidActionList',
        `Actions[${i}] (${action.Type}) needs a Parameters object, got ${describeValue(action.Parameters)}.`,
      );
    }
  }
  if (actions.length === 0 && event?.InvocationEventType === 'NEW_INBOUND_CALL') {
    return fail(
      'EmptyActionList',
      'An inbound call needs at least one action (for example Speak, PlayAudio or Hangup).',
    );
  }

  const attributes = response.TransactionAttributes;
  if (attributes !== undefined && attributes !== null) {
    if (!isPlainObject(attributes)) {
      return fail('TransactionAttributesInvalidFormat', `Got ${describeValue(attributes)}.`);
    }
    const entries = Object.entries(attributes);
    if (entries.length > maxAttributes) {
      return fail('TransactionAttributesInvalidMapSize', `(got ${entries.length})`, String(maxAttributes));
    }
    let bytes = 0;
    for (const [key, value] of entries) {
      if (typeof value !== 'string') {
        return fail(
          'TransactionAttributesInvalidFormat',
          `The value of "${key}" is ${describeValue(value)}.`,
        );
      }
      bytes += utf8.encode(key).length + utf8.encode(value).length;
    }
    if (bytes > maxAttributeBytes) {
      return fail('TransactionAttributesInvalidSize', `(got ${bytes} bytes)`, String(maxAttributeBytes));
    }
  }

  return {
    ok: true,
    response: {
      SchemaVersion: expectedVersion,
      Actions: actions as PstnResponse['Actions'],
      ...(attributes === undefined
        ? {}
        : { TransactionAttributes: attributes as PstnResponse['TransactionAttributes'] }),
    },
  };
}
