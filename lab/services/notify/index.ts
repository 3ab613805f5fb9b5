/**
 * The lab's owner notifications: Amazon SES API v2 (`SendEmail`, `GetAccount`; REST-JSON, signing name
 * `ses`) and AWS End User Messaging SMS (`SendTextMessage`; AWS JSON 1.0, `PinpointSMSVoiceV2.*`, signing
 * name `sms-voice`) on the edge. Nothing leaves the machine: what AWS would deliver lands in the **outbox**,
 * which the web phone shows and scenarios check. SES's own API reads it back where AWS offers a way
 * (`GetAccount` → `SendQuota.SentLast24Hours`).
 *
 * Like a new SES account, the lab's SES is in the sandbox: the sender and every recipient must be verified
 * identities (the lab verifies the ones `startLab` is given); others get MessageRejected, as in AWS.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock';
import type { EdgeReply, EdgeRequest, Provider } from '../edge';
import { jsonApiProvider } from '../edge';

export interface OutboxEntry {
  id: string;
  channel: 'email' | 'sms';
  to: string;
  from: string;
  subject?: string;
  body: string;
  /** lab time it was accepted, epoch ms */
  at: number;
  /** SES EmailTags / SMS Context: the sender's own labels (the notify function puts the event id here) */
  tags: Record<string, string>;
}

export interface Outbox {
  entries(): OutboxEntry[];
  /** Seeded fault: the next `count` sends on `channel` answer a throttling error. */
  throttle(channel: OutboxEntry['channel'], count: number): void;
}

export interface NotifyServicesOptions {
  clock: Clock;
  /** identities SES treats as verified (addresses or domains) */
  verifiedIdentities: string[];
  log?: (line: string) => void;
}

const MAX_SMS_CHARACTERS = 1600;
const E164 = /^\+[1-9]\d{1,14}$/;

export function createNotifyServices(options: NotifyServicesOptions): {
  providers: Provider[];
  outbox: Outbox;
} {
  const entries: OutboxEntry[] = [];
  const throttled = { email: 0, sms: 0 };
  const deliver = (entry: Omit<OutboxEntry, 'id' | 'at'>): string => {
    const id = randomUUID();
    entries.push({ ...entry, id, at: options.clock.now() });
    // no subject or body here: they hold the caller's number
    options.log?.(
      `outbox: ${entry.channel} to the owner (${entry.tags['switchboard-event'] ?? 'unlabelled'})`,
    );
    return id;
  };
  const ses: Provider = {
    service: 'ses',
    async handle(req) {
      return sesRequest(req, options, () => throttled.email-- > 0, deliver, entries);
    },
  };
  const sms = jsonApiProvider('sms-voice', 'PinpointSMSVoiceV2.', {
    async handle(target, body) {
      if (target !== 'PinpointSMSVoiceV2.SendTextMessage')
        return {
          status: 400,
          body: {
            __type: 'UnknownOperationException',
            Message: `The lab serves only SendTextMessage, not ${target}`,
          },
        };
      if (throttled.sms-- > 0)
        return { status: 400, body: { __type: 'ThrottlingException', Message: 'Rate exceeded' } };
      return sendText((body ?? {}) as Record<string, unknown>, deliver);
    },
  });
  return {
    providers: [ses, sms],
    outbox: {
      entries: () => entries.map((e) => ({ ...e, tags: { ...e.tags } })),
      throttle(channel, count) {
        throttled[channel] = count;
      },
    },
  };
}

function sendText(
  body: Record<string, unknown>,
  deliver: (entry: Omit<OutboxEntry, 'id' | 'at'>) => string,
): { status: number; body: unknown } {
  const invalid = (reason: string, message: string) => ({
    status: 400,
    body: { __type: 'ValidationException', Message: message, Reason: reason },
  });
  const to = body.DestinationPhoneNumber;
  if (typeof to !== 'string' || !E164.test(to))
    return invalid(
      'INVALID_PARAMETER',
      `DestinationPhoneNumber "${String(to)}" is not an E.164 phone number`,
    );
  const text = body.MessageBody;
  if (typeof text !== 'string' || text.length === 0)
    return invalid('MISSING_VALUE', 'MessageBody is required');
  if (text.length > MAX_SMS_CHARACTERS)
    return invalid('LENGTH_ERROR', `MessageBody is ${text.length} characters; at most ${MAX_SMS_CHARACTERS}`);
  const context = (body.Context ?? {}) as Record<string, unknown>;
  const tags = Object.fromEntries(Object.entries(context).filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >;
  if (body.DryRun === true) return { status: 200, body: { MessageId: randomUUID() } };
  const from = typeof body.OriginationIdentity === 'string' ? body.OriginationIdentity : 'a shared number';
  return { status: 200, body: { MessageId: deliver({ channel: 'sms', to, from, body: text, tags }) } };
}

async function sesRequest(
  req: EdgeRequest,
  options: NotifyServicesOptions,
  isThrottled: () => boolean,
  deliver: (entry: Omit<OutboxEntry, 'id' | 'at'>) => string,
  entries: OutboxEntry[],
): Promise<EdgeReply> {
  if (req.method === 'GET' && /^\/v2\/email\/account\/?$/.test(req.path)) {
    const day = options.clock.now() - 86_400_000;
    return json(200, {
      DedicatedIpAutoWarmupEnabled: false,
      EnforcementStatus: 'HEALTHY',
      ProductionAccessEnabled: false,
      SendingEnabled: true,
      SendQuota: {
        Max24HourSend: 200,
        MaxSendRate: 1,
        SentLast24Hours: entries.filter((e) => e.channel === 'email' && e.at > day).length,
      },
    });
  }
  if (req.method !== 'POST' || !/^\/v2\/email\/outbound-emails\/?$/.test(req.path))
    return sesError(
      404,
      'NotFoundException',
      `The lab's SES serves SendEmail and GetAccount, not ${req.method} ${req.path}`,
    );
  if (isThrottled()) return sesError(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.');
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return sesError(400, 'BadRequestException', 'The request body is not valid JSON.');
  }
  const email = checkEmail(body);
  if ('error' in email) return sesError(400, 'BadRequestException', email.error);
  const unverified = [email.from, ...email.to].filter((a) => !isVerified(a, options.verifiedIdentities));
  if (unverified.length > 0)
    return sesError(
      400,
      'MessageRejected',
      `Email address is not verified. The following identities failed the check in region ${req.region.toUpperCase()}: ${unverified.join(', ')}`,
    );
  const ids = email.to.map((to) =>
    deliver({
      channel: 'email',
      to,
      from: email.from,
      subject: email.subject,
      body: email.text,
      tags: email.tags,
    }),
  );
  return json(200, { MessageId: ids[0] });
}

function checkEmail(
  body: Record<string, unknown>,
):
  | { from: string; to: string[]; subject: string; text: string; tags: Record<string, string> }
  | { error: string } {
  const from = body.FromEmailAddress;
  if (typeof from !== 'string' || !from.includes('@'))
    return { error: 'FromEmailAddress is required: an email address' };
  const to = (body.Destination as { ToAddresses?: unknown } | undefined)?.ToAddresses;
  if (!Array.isArray(to) || to.length === 0 || !to.every((a) => typeof a === 'string' && a.includes('@')))
    return { error: 'Destination.ToAddresses must list at least one email address' };
  if (to.length > 50) return { error: 'Destination: at most 50 recipients per message' };
  const simple = (
    body.Content as
      | {
          Simple?: {
            Subject?: { Data?: unknown };
            Body?: { Text?: { Data?: unknown }; Html?: { Data?: unknown } };
          };
        }
      | undefined
  )?.Simple;
  if (!simple) return { error: 'Content.Simple is required (the lab serves simple messages only)' };
  const subject = simple.Subject?.Data;
  const text = simple.Body?.Text?.Data ?? simple.Body?.Html?.Data;
  if (typeof subject !== 'string' || typeof text !== 'string')
    return { error: 'Content.Simple needs Subject.Data and Body.Text.Data (or Body.Html.Data)' };
  const tagList = Array.isArray(body.EmailTags)
    ? (body.EmailTags as { Name?: unknown; Value?: unknown }[])
    : [];
  const tags: Record<string, string> = {};
  for (const tag of tagList)
    if (typeof tag.Name === 'string' && typeof tag.Value === 'string') tags[tag.Name] = tag.Value;
  return { from, to: to as string[], subject, text, tags };
}

function isVerified(address: string, identities: string[]): boolean {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return identities.some((i) => i.toLowerCase() === address.toLowerCase() || i.toLowerCase() === domain);
}

function json(status: number, body: unknown): EdgeReply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function sesError(status: number, type: string, message: string): EdgeReply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
    body: JSON.stringify({ message }),
  };
}
