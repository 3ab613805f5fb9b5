/**
 * functions/notify-owner — tells the business owner about a new voicemail, a missed call or a locked owner
 * menu, by email (Amazon SES API v2 SendEmail) and/or SMS (AWS End User Messaging SMS SendTextMessage), each
 * channel optional. A voicemail's email and SMS carry a presigned link to the recording that expires.
 *
 * Each channel is tried on its own; the SDK retries throttling and transient errors (MAX_ATTEMPTS). When
 * every configured channel fails the function fails with `NotificationFailed`, so the workflow's Retry tries
 * again (nothing was sent, so nothing is sent twice); one channel failing alone is logged. The voicemail
 * itself is already filed before this runs: a notification that cannot be sent never loses the message.
 *
 * Environment (read once, at cold start): OWNER_EMAIL, SENDER_EMAIL (default OWNER_EMAIL), OWNER_SMS,
 * SMS_ORIGINATION_IDENTITY (optional: a phone number, sender ID or pool), LINK_EXPIRES_SECONDS (default
 * 86400, at most 604800), MAX_ATTEMPTS (default 4).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { compose, eventOf, type OwnerEvent } from './compose';
import { channelsFrom, type Channels } from './settings';

export { compose, eventOf, displayNumber, displayLength, type OwnerEvent, type Composed } from './compose';
export { channelsFrom, type Channels } from './settings';

export interface NotifyDeps {
  channels: Channels;
  s3: S3Client;
  ses?: SESv2Client;
  sms?: PinpointSMSVoiceV2Client;
  logger?: Logger;
}

export interface NotifyResult {
  sent: ('email' | 'sms')[];
  failed: ('email' | 'sms')[];
}

export class NotificationFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotificationFailed';
  }
}

export function createNotifyOwner(deps: NotifyDeps): (input: unknown) => Promise<NotifyResult> {
  const logger = deps.logger ?? new Logger({ serviceName: 'notify-owner' });
  const { channels } = deps;
  return async (input) => {
    const event = eventOf(input);
    const result: NotifyResult = { sent: [], failed: [] };
    if (!channels.email && !channels.sms) {
      logger.info('no notification channel is configured', { kind: event.Kind });
      return result;
    }
    const message = compose(event, await linkFor(deps, event));
    const tag = `${event.Kind}-${(event.CallId ?? 'none').replace(/[^A-Za-z0-9_.@-]/g, '')}`.slice(0, 256);
    const attempts: ['email' | 'sms', () => Promise<unknown>][] = [];
    if (channels.email && deps.ses) {
      const email = channels.email;
      attempts.push([
        'email',
        () =>
          deps.ses!.send(
            new SendEmailCommand({
              FromEmailAddress: email.from,
              Destination: { ToAddresses: [email.to] },
              Content: {
                Simple: { Subject: { Data: message.subject }, Body: { Text: { Data: message.text } } },
              },
              EmailTags: [{ Name: 'switchboard-event', Value: tag }],
            }),
          ),
      ]);
    }
    if (channels.sms && deps.sms) {
      const sms = channels.sms;
      attempts.push([
        'sms',
        () =>
          deps.sms!.send(
            new SendTextMessageCommand({
              DestinationPhoneNumber: sms.to,
              MessageBody: message.sms,
              MessageType: 'TRANSACTIONAL',
              Context: { 'switchboard-event': tag },
              ...(sms.originationIdentity && { OriginationIdentity: sms.originationIdentity }),
            }),
          ),
      ]);
    }
    for (const [channel, send] of attempts) {
      try {
        await send();
        result.sent.push(channel);
      } catch (e) {
        result.failed.push(channel);
        logger.error('notification not sent', {
          channel,
          kind: event.Kind,
          error: (e as Error).name,
        });
      }
    }
    if (result.sent.length === 0)
      throw new NotificationFailed(
        `no channel could send the ${event.Kind} notification (${result.failed.join(', ')})`,
      );
    logger.info('owner notified', { kind: event.Kind, ...result });
    return result;
  };
}

async function linkFor(
  deps: NotifyDeps,
  event: OwnerEvent,
): Promise<{ url: string; expiresHours: number } | undefined> {
  if (event.Kind !== 'voicemail' || !event.Bucket || !event.Key) return undefined;
  const expiresIn = deps.channels.linkExpiresSeconds;
  const url = await getSignedUrl(deps.s3, new GetObjectCommand({ Bucket: event.Bucket, Key: event.Key }), {
    expiresIn,
  });
  return { url, expiresHours: Math.round((expiresIn / 3600) * 10) / 10 };
}

let cold: ((input: unknown) => Promise<NotifyResult>) | undefined;

export async function handler(event: unknown): Promise<NotifyResult> {
  cold ??= fromEnvironment(process.env);
  return cold(event);
}

function fromEnvironment(env: Record<string, string | undefined>): (input: unknown) => Promise<NotifyResult> {
  const channels = channelsFrom(env);
  const maxAttempts = channels.maxAttempts;
  return createNotifyOwner({
    channels,
    s3: new S3Client({}),
    ...(channels.email && { ses: new SESv2Client({ maxAttempts }) }),
    ...(channels.sms && { sms: new PinpointSMSVoiceV2Client({ maxAttempts }) }),
  });
}
