/** Rules of the meeting and bot actions (docs/aws/pstn-audio.md §4.11–§4.13). */
import { done, hasSecondLeg, invalidOnThisCall, type ActionSpec } from './common';
import { invalid, oneOf, readFields, text, type Rule } from './rules';
import { isPlainObject } from '../values';

export const JoinChimeMeeting: ActionSpec = {
  leg: 'legA',
  fields: {
    // A join token is a credential: never repeated in a message.
    JoinToken: { required: true, rule: text({ maxLength: 2048 }), render: 'hidden' },
    MeetingId: { rule: text({ maxLength: 64 }) },
  },
  // "Not allowed on a bridged call" (DG); the ErrorType for it is UNCONFIRMED.
  finish: (p, context) =>
    done(
      p,
      hasSecondLeg(context)
        ? invalidOnThisCall('JoinChimeMeeting is not allowed on a bridged call.')
        : undefined,
    ),
};

export const ModifyChimeMeetingAttendees: ActionSpec = {
  leg: 'tagged',
  fields: {
    Operation: {
      required: true,
      rule: oneOf('Mute', 'Unmute'),
      invalid: {
        errorType: 'InvalidActionParameter',
        message: 'The ModifyChimeMeetingAttendees Operation parameter value is invalid',
      },
    },
    MeetingId: {
      required: true,
      rule: text({ maxLength: 64 }),
      invalid: { errorType: 'InvalidActionParameter', message: 'Meeting ID parameter value is invalid.' },
    },
    AttendeeList: {
      required: true,
      rule: { kind: 'list', item: text({ maxLength: 64 }), min: 1, max: 100 },
      invalid: { errorType: 'InvalidActionParameter', message: 'Attendee List parameter value is invalid.' },
    },
  },
  finish: (p, context) =>
    done(
      p,
      hasSecondLeg(context)
        ? undefined
        : invalidOnThisCall('The call is not joined to a meeting (no LEG-B).'),
    ),
};

const CONFIGURATION_LIMIT = 10 * 1024;

/** Lex session settings: JSON of at most 10 KB. */
const configuration: Rule = {
  kind: 'custom',
  check: (value, path) => {
    if (!isPlainObject(value)) return { expected: 'an object' };
    const size = new TextEncoder().encode(JSON.stringify(value)).length;
    if (size > CONFIGURATION_LIMIT)
      return { failure: invalid(path, 'JSON of at most 10 KB', `${size} bytes`) };
    const read = readFields(
      value,
      {
        SessionState: {
          rule: {
            kind: 'object',
            fields: {
              SessionAttributes: { rule: { kind: 'stringMap' } },
              DialogAction: {
                rule: {
                  kind: 'object',
                  fields: { Type: { required: true, rule: oneOf('Delegate', 'ElicitIntent') } },
                },
              },
            },
          },
        },
        WelcomeMessages: {
          rule: {
            kind: 'list',
            item: {
              kind: 'object',
              fields: {
                Content: { rule: text() },
                ContentType: { required: true, rule: oneOf('PlainText', 'SSML') },
              },
            },
          },
        },
      },
      `${path}.`,
    );
    if ('failure' in read) return read;
    const dialogType = (read.value.SessionState as { DialogAction?: { Type?: string } } | undefined)
      ?.DialogAction?.Type;
    const welcomes = read.value.WelcomeMessages as unknown[] | undefined;
    if (welcomes?.length && dialogType !== undefined && dialogType !== 'ElicitIntent') {
      return {
        failure: invalid(
          `${path}.SessionState.DialogAction.Type`,
          '"ElicitIntent" when WelcomeMessages are given',
          JSON.stringify(dialogType),
        ),
      };
    }
    return read;
  },
};

const BOT_ALIAS_ARN = /^arn:aws[a-z-]*:lex:([a-z0-9-]+):\d{12}:bot-alias\/[A-Za-z0-9]+\/[A-Za-z0-9]+$/;

export const StartBotConversation: ActionSpec = {
  leg: 'legA',
  fields: {
    BotAliasArn: {
      required: true,
      rule: text({
        pattern: BOT_ALIAS_ARN,
        expected: 'arn:aws:lex:<region>:<account>:bot-alias/<botId>/<aliasId>',
      }),
    },
    LocaleId: {
      rule: text({ pattern: /^[a-z]{2}_[A-Z]{2}$/, expected: 'a Lex locale such as "en_US"' }),
      default: 'en_US',
    },
    Configuration: { rule: configuration },
  },
  finish: (p, context) => {
    const region = BOT_ALIAS_ARN.exec(String(p.BotAliasArn))?.[1];
    // "Not allowed on bridged calls or calls joined to a meeting" (DG); the ErrorType for it is UNCONFIRMED.
    if (hasSecondLeg(context)) {
      return done(
        p,
        invalidOnThisCall('StartBotConversation is not allowed on a bridged call or a call in a meeting.'),
      );
    }
    return done(
      p,
      context.awsRegion && region !== context.awsRegion
        ? invalid(
            'BotAliasArn',
            `a bot in the SIP media application's region (${context.awsRegion})`,
            `region ${region}`,
          )
        : undefined,
    );
  },
};
