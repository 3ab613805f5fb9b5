/**
 * Rules of the actions that play, speak, collect and record (docs/aws/pstn-audio.md §4.1–§4.4, §4.6, §4.8).
 */
import {
  checkDigitCounts,
  checkSsml,
  digitCollection,
  done,
  dtmfKeys,
  s3Audio,
  SPEECH_DEFAULTS,
  speechFields,
  type ActionSpec,
} from './common';
import { integer, oneOf, text } from './rules';

const withSpeechDefaults = (p: Record<string, unknown>, defaults: Record<string, unknown>) => {
  const out = { ...p };
  for (const [k, v] of Object.entries(defaults)) if (out[k] === undefined && v !== undefined) out[k] = v;
  return out;
};

export const PlayAudio: ActionSpec = {
  leg: 'tagged',
  fields: {
    AudioSource: s3Audio(true),
    PlaybackTerminators: { rule: dtmfKeys },
    // The DG says "greater than zero", but AWS's business-line sample plays its prompts with "Repeat": "0"
    // and works: 0 is accepted and plays once, like the default (docs/writing-call-flows.md).
    Repeat: { rule: integer(0), default: 1 },
  },
};

export const PlayAudioAndGetDigits: ActionSpec = {
  leg: 'tagged',
  fields: { AudioSource: s3Audio(true), FailureAudioSource: s3Audio(true), ...digitCollection },
  finish: (p) => done(p, checkDigitCounts(p)),
};

export const Speak: ActionSpec = {
  leg: 'callIdLenient',
  fields: speechFields,
  finish: (p) => {
    const out = withSpeechDefaults(p, SPEECH_DEFAULTS);
    return done(out, checkSsml(out, ''));
  },
};

const speechParameters = { kind: 'object', fields: speechFields } as const;

export const SpeakAndGetDigits: ActionSpec = {
  leg: 'callIdLenient',
  fields: {
    SpeechParameters: { required: true, rule: speechParameters },
    FailureSpeechParameters: { required: true, rule: speechParameters },
    ...digitCollection,
  },
  finish: (p) => {
    const speech = withSpeechDefaults(p.SpeechParameters as Record<string, unknown>, SPEECH_DEFAULTS);
    const { Text: _text, ...voice } = speech;
    const failure = withSpeechDefaults(p.FailureSpeechParameters as Record<string, unknown>, voice);
    const out = { ...p, SpeechParameters: speech, FailureSpeechParameters: failure };
    return done(
      out,
      checkSsml(speech, 'SpeechParameters.') ??
        checkSsml(failure, 'FailureSpeechParameters.') ??
        checkDigitCounts(out),
    );
  },
};

const recordingDestination = {
  required: true,
  invalid: {
    errorType: 'InvalidActionParameter',
    message: 'RecordingDestination parameter value is invalid.',
  },
  rule: {
    kind: 'object',
    fields: {
      Type: { required: true, rule: oneOf('S3') },
      BucketName: { required: true, rule: text({ maxLength: 255 }) },
      Prefix: {
        rule: text({
          pattern: /^[0-9A-Za-z!\-_.*'()/]{1,979}$/,
          expected: "at most 979 characters from 0-9 a-z A-Z ! - _ . * ' ( ) /",
        }),
      },
    },
  },
} as const;

export const RecordAudio: ActionSpec = {
  leg: 'tagged',
  fields: {
    RecordingDestination: recordingDestination,
    DurationInSeconds: { rule: integer(1) },
    // The DG gives a default of 200 but also says detection is off when unset (CONFLICT): we leave it unset.
    SilenceDurationInSeconds: { rule: integer(1, 1000) },
    SilenceThreshold: { rule: integer(1, 1000) },
    RecordingTerminators: {
      required: true,
      rule: { kind: 'keys', key: /^[0-9#*]$/, expected: '0-9, # and *' },
    },
  },
  // SilenceThreshold (default 200) only matters with silence detection on.
  finish: (p) =>
    done(
      p.SilenceDurationInSeconds !== undefined && p.SilenceThreshold === undefined
        ? { ...p, SilenceThreshold: 200 }
        : p,
    ),
};

export const Pause: ActionSpec = {
  leg: 'tagged',
  fields: { DurationInMilliseconds: { required: true, rule: integer(1) } },
};
