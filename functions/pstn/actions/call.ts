/** Rules of the call-control actions (docs/aws/pstn-audio.md §4.9, §4.10, §4.14, §4.15). */
import { E164, s3Audio, type ActionSpec } from './common';
import { integer, invalid, oneOf, readFields, text, type Fields, type Rule } from './rules';
import { describeValue, isPlainObject } from '../values';

export const Hangup: ActionSpec = {
  leg: 'tagged',
  fields: { SipResponseCode: { rule: oneOf(0, 480, 486), default: 0 } },
};

const phone = { pattern: E164, expected: 'an E.164 number such as "+12065550100"' };

const endpointFields: Record<string, Fields> = {
  PSTN: { Uri: { required: true, rule: text(phone), render: 'phone' } },
  AWS: {
    Arn: {
      required: true,
      rule: text({
        pattern: /^arn:aws[a-z-]*:chime:[a-z0-9-]+:\d{12}:vcg?\/[A-Za-z0-9]+$/,
        expected: 'a Voice Connector or Voice Connector group ARN',
      }),
    },
    Uri: {
      required: true,
      rule: text({
        pattern: /^[a-zA-Z0-9&=+$/%\-_!~*().]{1,36}$/,
        expected: '1–36 characters from a-z A-Z 0-9 & = + $ / % - _ ! ~ * ( ) .',
      }),
      render: 'phone',
    },
  },
};

/** One bridge endpoint: PSTN (an E.164 Uri) or AWS (a Voice Connector ARN and the user part of the Uri). */
const endpoint: Rule = {
  kind: 'custom',
  check: (value, path) => {
    if (!isPlainObject(value)) return { expected: 'an object' };
    const type = value.BridgeEndpointType;
    if (type === undefined || type === null) {
      return {
        failure: {
          errorType: 'MissingRequiredActionParameter',
          errorMessage: `${path}.BridgeEndpointType is a required parameter.`,
        },
      };
    }
    const fields = typeof type === 'string' ? endpointFields[type] : undefined;
    if (!fields)
      return { failure: invalid(`${path}.BridgeEndpointType`, 'one of "PSTN", "AWS"', describeValue(type)) };
    return readFields(value, fields, `${path}.`);
  },
};

const HEADER_NAME = /^(x-.+|user-to-user|diversion)$/i;

/** SIP headers for the B leg: x-…, User-to-User or Diversion; X-AMZN… is reserved; values ≤ 2,048 characters. */
const sipHeaders: Rule = {
  kind: 'custom',
  check: (value, path) => {
    if (!isPlainObject(value)) return { expected: 'a map of header names to strings' };
    const refused = Object.keys(value).filter((k) => !HEADER_NAME.test(k) || /^x-amzn/i.test(k));
    if (refused.length) {
      return {
        failure: {
          errorType: 'InvalidActionParameter',
          errorMessage: `Invalid SIP header(s) provided: ${refused.join(', ')}`,
        },
      };
    }
    const bad = Object.entries(value).find(([, v]) => typeof v !== 'string' || v.length > 2048);
    return bad
      ? {
          failure: invalid(
            `${path}.${bad[0]}`,
            'a string of at most 2,048 characters',
            describeValue(bad[1]),
          ),
        }
      : { value: { ...value } };
  },
};

export const CallAndBridge: ActionSpec = {
  leg: 'bridge',
  fields: {
    CallTimeoutSeconds: { rule: integer(1, 120), default: 30 },
    CallerIdNumber: { required: true, rule: text(phone), render: 'phone' },
    // Only single-endpoint use is documented; more than one is UNCONFIRMED, so refused.
    Endpoints: { required: true, rule: { kind: 'list', item: endpoint, min: 1, max: 1 } },
    SipHeaders: { rule: sipHeaders },
    RingbackTone: s3Audio(false),
  },
};

export const VoiceFocus: ActionSpec = {
  leg: 'callId',
  fields: { Enable: { required: true, rule: { kind: 'boolean' } } },
};

export const StartCallRecording: ActionSpec = {
  leg: 'callId',
  fields: {
    Track: { required: true, rule: oneOf('BOTH', 'INCOMING', 'OUTGOING') },
    Destination: {
      required: true,
      rule: {
        kind: 'object',
        fields: {
          Type: { required: true, rule: oneOf('S3') },
          Location: {
            required: true,
            rule: text({
              pattern: /^[^/\s]+(\/\S*)?$/,
              expected: 'a bucket name, optionally followed by /prefix',
            }),
          },
        },
      },
    },
  },
};

export const StopCallRecording: ActionSpec = { leg: 'callId', fields: {} };
export const PauseCallRecording: ActionSpec = { leg: 'callId', fields: {} };
export const ResumeCallRecording: ActionSpec = { leg: 'callId', fields: {} };
