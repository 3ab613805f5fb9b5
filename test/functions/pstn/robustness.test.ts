/**
 * The router, the simulator and the linter feed these checks whatever a workflow produced: they answer,
 * they never throw, and what they accept stays accepted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_TYPES, checkAction, checkResponse, type ActionContext } from '../../../functions/pstn';
import { bridgedFromB, oneLeg } from './calls';

const json = fc.jsonValue({ maxDepth: 4 });
const parameters = fc.dictionary(
  fc.constantFrom(
    'CallId',
    'ParticipantTag',
    'Text',
    'Repeat',
    'AudioSource',
    'Digits',
    'Endpoints',
    'Enable',
    'DurationInMilliseconds',
    'RecordingTerminators',
    'SpeechParameters',
    'Configuration',
  ),
  json,
);
const action = fc.record({
  Type: fc.oneof(fc.constantFrom(...ACTION_TYPES), fc.string()),
  Parameters: fc.oneof(parameters, json),
});
const context = fc.oneof(
  fc.constant(oneLeg),
  fc.constant(bridgedFromB),
  fc.record({
    participants: fc.array(fc.anything(), { maxLength: 3 }),
  }) as fc.Arbitrary<unknown> as fc.Arbitrary<ActionContext>,
);

describe('checks never throw', () => {
  it('checkResponse answers any value with ok or an envelope error', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({
            SchemaVersion: fc.constant('1.0'),
            Actions: fc.array(action, { maxLength: 12 }),
            TransactionAttributes: json,
          }),
        ),
        (response) => {
          const result = checkResponse(response, {
            SchemaVersion: '1.0',
            InvocationEventType: 'ACTION_SUCCESSFUL',
          });
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) expect(result.errorMessage.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('checkAction answers any action on any call with ok or an ACTION_FAILED error', () => {
    fc.assert(
      fc.property(fc.oneof(action, fc.anything()), context, (candidate, ctx) => {
        const result = checkAction(candidate, ctx);
        if (!result.ok) expect(result.errorType).toMatch(/^[A-Z][A-Za-z]+$/);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('an accepted action', () => {
  it('is accepted again unchanged (normalising twice changes nothing)', () => {
    fc.assert(
      fc.property(action, (candidate) => {
        const first = checkAction(candidate, bridgedFromB);
        if (first.ok) expect(checkAction(first.action, bridgedFromB)).toEqual(first);
      }),
      { numRuns: 2000 },
    );
  });
});
