/** Parameter rules shared by several actions (docs/aws/pstn-audio.md §4). */
import type { ActionContext, LegPolicy } from './legs';
import { integer, invalid, oneOf, text, type Failure, type Field, type Fields, type Rule } from './rules';

/** One action's table: how it picks its leg, its parameters, and checks across parameters. */
export interface ActionSpec {
  leg: LegPolicy;
  fields: Fields;
  /** Runs after the fields are read and defaults filled: relations between parameters, derived defaults. */
  finish?: (params: Record<string, unknown>, context: ActionContext) => Read;
}

export type Read = { value: Record<string, unknown> } | { failure: Failure };

/** The end of a `finish`: the parameters, or the first problem found across them. */
export const done = (value: Record<string, unknown>, failure?: Failure): Read =>
  failure ? { failure } : { value };

export const E164 = /^\+[1-9]\d{1,14}$/;

/** `AudioSource`, `FailureAudioSource`, `RingbackTone`: any problem is InvalidAudioSource. */
export const s3Audio = (required: boolean): Field => ({
  required,
  invalid: { errorType: 'InvalidAudioSource', message: 'Audio Source parameter value is invalid.' },
  rule: {
    kind: 'object',
    fields: {
      Type: { required: true, rule: oneOf('S3') },
      BucketName: { required: true, rule: text({ maxLength: 255 }) },
      Key: { required: true, rule: text({ maxLength: 1024 }) },
    },
  },
});

/** PlaybackTerminators, TerminatorDigits. */
export const dtmfKeys: Rule = { kind: 'keys', key: /^[0-9#*]$/, expected: '0-9, # and *' };

/**
 * The digit-collection parameters of PlayAudioAndGetDigits and
 * SpeakAndGetDigits (docs/aws/pstn-audio.md §4.2, §4.4).
 */
export const digitCollection: Fields = {
  InputDigitsRegex: { rule: { kind: 'regex' } },
  MinNumberOfDigits: { rule: integer(0), default: 0 },
  MaxNumberOfDigits: { rule: integer(1), default: 128 },
  // AWS was seen not to echo an omitted TerminatorDigits (J real log); it still behaves as ["#"].
  TerminatorDigits: { rule: dtmfKeys, default: ['#'] },
  InBetweenDigitsDurationInMilliseconds: {
    rule: integer(1),
    default: (p: Record<string, unknown>) => p.RepeatDurationInMilliseconds,
  },
  Repeat: { rule: integer(1), default: 1 },
  RepeatDurationInMilliseconds: { required: true, rule: integer(1) },
};

/** MaxNumberOfDigits is documented as "> Min", but Min = Max works in AWS's own samples. */
export function checkDigitCounts(p: Record<string, unknown>): Failure | undefined {
  const min = p.MinNumberOfDigits as number;
  const max = p.MaxNumberOfDigits as number;
  return max < min
    ? invalid('MaxNumberOfDigits', `at least MinNumberOfDigits (${min})`, String(max))
    : undefined;
}

const TEXT_LIMIT = 1000;

/**
 * Speak Text: AWS reports both absence and excess length as
 * MissingRequiredActionParameter (docs/aws/pstn-audio.md §4.3).
 */
const speechText: Rule = {
  kind: 'custom',
  check: (value, path) => {
    if (typeof value !== 'string' || value.trim() === '') {
      return {
        failure: {
          errorType: 'MissingRequiredActionParameter',
          errorMessage: `${path} is a required parameter.`,
        },
      };
    }
    // Counted in characters including any SSML markup (how AWS counts SSML is UNCONFIRMED).
    const length = [...value].length;
    return length > TEXT_LIMIT
      ? {
          failure: {
            errorType: 'MissingRequiredActionParameter',
            errorMessage: `Text is limited to 1,000 characters. ${path} has ${length}.`,
          },
        }
      : { value };
  },
};

/** Polly settings without defaults (FailureSpeechParameters inherits from SpeechParameters instead). */
export const speechFields: Fields = {
  Text: { required: true, rule: speechText },
  Engine: { rule: oneOf('standard', 'neural') },
  LanguageCode: {
    rule: text({ pattern: /^[a-z]{2,3}(-[A-Za-z]{2,4})*$/, expected: 'a language code such as "en-US"' }),
  },
  TextType: { rule: oneOf('text', 'ssml') },
  VoiceId: { rule: text({ pattern: /^[A-Za-z]+$/, expected: 'a Polly voice id such as "Joanna"' }) },
};

export const SPEECH_DEFAULTS = { Engine: 'standard', TextType: 'text', VoiceId: 'Joanna' } as const;

/** Polly needs SSML to be one <speak> document (its InvalidSsml check, reported as InvalidActionParameter). */
export function checkSsml(p: Record<string, unknown>, path: string): Failure | undefined {
  if (p.TextType !== 'ssml') return undefined;
  const body = String(p.Text).trim();
  return /^<speak[\s>][\s\S]*<\/speak>$/.test(body)
    ? undefined
    : invalid(
        `${path}Text`,
        'an SSML document inside <speak>…</speak> when TextType is "ssml"',
        `a text starting ${JSON.stringify(body.slice(0, 12))}`,
      );
}

/** A second leg is up: the call is bridged or joined to a meeting. */
export const hasSecondLeg = (context: ActionContext): boolean =>
  Array.isArray(context.participants) &&
  context.participants.some((p) => p?.ParticipantTag === 'LEG-B' && p.Status !== 'Disconnected');

/** "Invalid action on the call." is AWS's text for ModifyChimeMeetingAttendees on a call without a meeting. */
export const invalidOnThisCall = (why: string): Failure => ({
  errorType: 'InvalidActionParameter',
  errorMessage: `Invalid action on the call. ${why}`,
});
