import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  channelsFrom,
  compose,
  createNotifyOwner,
  displayLength,
  displayNumber,
  eventOf,
  type OwnerEvent,
} from '../../../functions/notify-owner';

const MESSAGE: OwnerEvent = {
  Kind: 'voicemail',
  CallId: 'tx-1',
  Caller: '+12065550163',
  ReceivedAt: '2026-12-02T02:10:00.000Z',
  SpokenTime: 'Tuesday at 9:10 PM',
  DurationSeconds: 42.4,
  Transcript: 'Two of the blue chairs arrived broken.',
  TranscriptStatus: 'available',
  Bucket: 'calls',
  Key: 'recordings/business-line/tx-1/a.wav',
};

describe('what the owner reads', () => {
  it('a voicemail: number, time, length, the words and the link', () => {
    const m = compose(MESSAGE, { url: 'https://link', expiresHours: 24 });
    expect(m.subject).toBe('New voicemail from +1 206-555-0163 (0:42)');
    expect(m.text).toBe(
      'From: +1 206-555-0163\nReceived: Tuesday at 9:10 PM (2026-12-02T02:10:00.000Z)\nLength: 0:42\n\n' +
        'Two of the blue chairs arrived broken.\n\nListen (the link works for 24 hours): https://link',
    );
    expect(m.sms).toBe(
      'Voicemail from +1 206-555-0163, Tuesday at 9:10 PM, 0:42: Two of the blue chairs arrived broken. Listen: https://link',
    );
  });

  it('says when the transcript is not available, or when nothing was said', () => {
    expect(compose({ ...MESSAGE, TranscriptStatus: 'unavailable', Transcript: '' }).text).toContain(
      'Transcript not available.',
    );
    expect(compose({ ...MESSAGE, TranscriptStatus: 'empty', Transcript: '' }).sms).toContain(
      '(the caller said nothing)',
    );
  });

  it('keeps an SMS short: a long transcript is clipped', () => {
    const sms = compose({ ...MESSAGE, Transcript: 'word '.repeat(200) }).sms;
    expect(sms.length).toBeLessThan(400);
    expect(sms).toContain('…');
  });

  it('a missed call and a lockout name the number and the time, never a PIN', () => {
    const missed = compose({
      Kind: 'missed-call',
      Caller: '+12065550164',
      ReceivedAt: '2026-11-25T03:05:00Z',
    });
    expect(missed.subject).toBe('Missed call from +1 206-555-0164');
    expect(missed.text).toContain('hung up before leaving a message');
    const locked = compose({
      Kind: 'lockout',
      Caller: 'unknown',
      ReceivedAt: '2026-11-25T03:05:00Z',
      LockoutMinutes: 15,
    });
    expect(locked.sms).toBe(
      'Your voicemail menu was locked for 15 minutes after three wrong PINs from an unknown number, 2026-11-25T03:05:00Z.',
    );
    const blocked = compose({
      Kind: 'lockout',
      Caller: 'unknown',
      ReceivedAt: '2026-11-25T03:05:00Z',
      LockoutMinutes: 15,
      Blocked: true,
    });
    expect(blocked.sms).toMatch(/^Your voicemail menu was locked until you reset it/);
  });

  it.each([
    ['+12065550100', '+1 206-555-0100'],
    ['+442071234567', '+442071234567'],
    ['unknown', 'an unknown number'],
  ])('shows %s as %s', (number, shown) => expect(displayNumber(number)).toBe(shown));

  it('shows lengths as m:ss', () => {
    expect([displayLength(0), displayLength(59.6), displayLength(125)]).toEqual(['0:00', '1:00', '2:05']);
  });

  it.each([
    [{ ...MESSAGE, Kind: 'fax' }, /Kind: "fax" is not one of voicemail, missed-call, lockout/],
    [{ ...MESSAGE, Caller: '' }, /Caller/],
    [{ ...MESSAGE, ReceivedAt: 'yesterday' }, /ReceivedAt: "yesterday" is not an ISO time/],
    [{ ...MESSAGE, Key: undefined }, /Bucket and Key/],
  ])('refuses a bad event, saying which field', (event, message) => {
    expect(() => eventOf(event)).toThrow(message);
  });
});

describe('the channels it is deployed with', () => {
  it('reads each channel as optional', () => {
    expect(channelsFrom({})).toEqual({ linkExpiresSeconds: 86_400, maxAttempts: 4 });
    expect(channelsFrom({ OWNER_EMAIL: 'o@x.example', OWNER_SMS: '+12065550100' })).toMatchObject({
      email: { to: 'o@x.example', from: 'o@x.example' },
      sms: { to: '+12065550100' },
    });
  });

  it.each([
    [{ OWNER_EMAIL: 'nope' }, /OWNER_EMAIL "nope" is not an email address/],
    [{ OWNER_SMS: '555' }, /OWNER_SMS is not an E.164/],
    [
      { LINK_EXPIRES_SECONDS: '700000' },
      /LINK_EXPIRES_SECONDS "700000" must be a whole number from 1 to 604800/,
    ],
  ])('refuses %j', (env, message) => expect(() => channelsFrom(env)).toThrow(message));
});

describe('sending', () => {
  const ses = mockClient(SESv2Client);
  const sms = mockClient(PinpointSMSVoiceV2Client);
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const notify = (channels = channelsFrom({ OWNER_EMAIL: 'o@x.example', OWNER_SMS: '+12065550100' })) =>
    createNotifyOwner({
      channels,
      s3: new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
      ses: new SESv2Client({ region: 'us-east-1' }),
      sms: new PinpointSMSVoiceV2Client({ region: 'us-east-1' }),
      logger,
    });
  beforeEach(() => {
    ses.reset();
    sms.reset();
  });

  it('sends the email and the SMS with the same event label and a presigned, expiring link', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'e' });
    sms.on(SendTextMessageCommand).resolves({ MessageId: 's' });
    expect(await notify()(MESSAGE)).toEqual({ sent: ['email', 'sms'], failed: [] });
    const email = ses.commandCalls(SendEmailCommand)[0].args[0].input;
    expect(email.EmailTags).toEqual([{ Name: 'switchboard-event', Value: 'voicemail-tx-1' }]);
    expect(email.Content?.Simple?.Body?.Text?.Data).toMatch(
      /https:\/\/calls\.s3\.us-east-1\.amazonaws\.com\/recordings\/business-line\/tx-1\/a\.wav\?.*X-Amz-Expires=86400/,
    );
    const text = sms.commandCalls(SendTextMessageCommand)[0].args[0].input;
    expect(text).toMatchObject({ DestinationPhoneNumber: '+12065550100', MessageType: 'TRANSACTIONAL' });
    expect(text.Context).toEqual({ 'switchboard-event': 'voicemail-tx-1' });
  });

  it('logs a channel that fails and still reports the other as sent', async () => {
    const error = vi.spyOn(logger, 'error');
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('no'), { name: 'MessageRejected' }));
    sms.on(SendTextMessageCommand).resolves({ MessageId: 's' });
    expect(await notify()(MESSAGE)).toEqual({ sent: ['sms'], failed: ['email'] });
    expect(error).toHaveBeenCalledWith(
      'notification not sent',
      expect.objectContaining({ channel: 'email' }),
    );
  });

  it('fails with NotificationFailed when no channel could send, so the workflow retries', async () => {
    ses.on(SendEmailCommand).rejects(new Error('down'));
    sms.on(SendTextMessageCommand).rejects(new Error('down'));
    await expect(notify()(MESSAGE)).rejects.toMatchObject({ name: 'NotificationFailed' });
  });

  it('sends nothing when no channel is configured', async () => {
    expect(await notify(channelsFrom({}))(MESSAGE)).toEqual({ sent: [], failed: [] });
    expect(ses.calls()).toHaveLength(0);
  });
});
