import { describe, expect, it } from 'vitest';
import { lineContextKeys, readSettings } from '../../infra/settings';

const read = (context: Record<string, unknown>, workflows = ['business-line', 'voice-assistant']) =>
  readSettings((key) => context[key], workflows);

describe('deploy settings from -c context', () => {
  it('orders the business line in an area code and uses the defaults', () => {
    expect(read({ areaCode: '206', ownerNumber: '+12065550100' })).toEqual({
      lines: { 'business-line': { areaCode: '206', phoneNumber: undefined } },
      ownerNumber: '+12065550100',
      modelId: 'us.amazon.nova-micro-v1:0',
      modelGiven: false,
      modelRegions: undefined,
      destroyData: false,
      holdAudio: undefined,
      recordingRetentionDays: 90,
      sweepAfterMinutes: 15,
      maxCallMinutes: 240,
      notify: {
        ownerEmail: undefined,
        senderEmail: undefined,
        ownerSms: undefined,
        smsOriginationIdentity: undefined,
        linkHours: 24,
      },
    });
  });

  it('reads the owner notification channels, each optional', () => {
    expect(
      read({
        areaCode: '206',
        ownerEmail: 'owner@example.com',
        ownerSms: '+12065550100',
        voicemailLinkHours: '6',
      }).notify,
    ).toEqual({
      ownerEmail: 'owner@example.com',
      senderEmail: undefined,
      ownerSms: '+12065550100',
      smsOriginationIdentity: undefined,
      linkHours: 6,
    });
  });

  it('gives the assistant its own number only when asked', () => {
    expect(read({ phoneNumber: '+12065550199', assistantAreaCode: '425' }).lines).toEqual({
      'business-line': { areaCode: undefined, phoneNumber: '+12065550199' },
      'voice-assistant': { areaCode: '425', phoneNumber: undefined },
    });
  });

  it.each([
    ['business-line', 'areaCode', 'phoneNumber'],
    ['voice-assistant', 'assistantAreaCode', 'assistantPhoneNumber'],
    ['order-status', 'orderStatusAreaCode', 'orderStatusPhoneNumber'],
  ])('reads the line of %s from -c %s / -c %s', (workflow, areaCode, phoneNumber) => {
    expect(lineContextKeys(workflow)).toEqual({ areaCode, phoneNumber });
  });

  it.each([
    [{}, /the business line needs a number: -c areaCode=NPA/],
    [{ areaCode: '106' }, /-c areaCode=106: expected a three-digit North American area code/],
    [{ areaCode: '206', phoneNumber: '+12065550199' }, /both given/],
    [{ phoneNumber: '2065550199' }, /-c phoneNumber=2065550199: not an E.164 number/],
    [{ areaCode: '206', ownerNumber: '555-0100' }, /-c ownerNumber=555-0100: not an E.164 number/],
    [{ areaCode: '206', destroyData: 'yes' }, /-c destroyData=yes: expected true or false/],
    [
      { areaCode: '206', recordingRetentionDays: '0' },
      /-c recordingRetentionDays=0: expected a whole number above 0/,
    ],
    [
      { areaCode: '206', ownerEmail: 'owner at example' },
      /-c ownerEmail=owner at example: not an email address/,
    ],
    [{ areaCode: '206', ownerSms: '2065550100' }, /-c ownerSms=2065550100: not an E.164 number/],
    [{ areaCode: '206', senderEmail: 'a@b.example' }, /-c senderEmail needs -c ownerEmail/],
    [{ areaCode: '206', voicemailLinkHours: '200' }, /at most 168 hours/],
    [
      { areaCode: '206', ownerSms: '+12065550100', smsOriginationIdentity: '+12065550111' },
      /expected the ARN of a phone number, pool or sender ID/,
    ],
  ])('refuses %j with a message that says how to fix it', (context, message) => {
    expect(() => read(context)).toThrow(message);
  });

  it('reads -c destroyData=true (a string from the CLI, a boolean from cdk.json)', () => {
    expect(read({ areaCode: '206', destroyData: 'true' }).destroyData).toBe(true);
    expect(read({ areaCode: '206', destroyData: true }).destroyData).toBe(true);
  });
  it('defaults the model to the deploy region’s geography and refuses a Caribbean area code', () => {
    expect(read({ areaCode: '206', region: 'eu-west-1' }).modelId).toBe('eu.amazon.nova-micro-v1:0');
    expect(read({ areaCode: '416' }).lines['business-line']).toEqual({
      areaCode: '416',
      phoneNumber: undefined,
    });
    expect(() => read({ areaCode: '876' })).toThrow(
      /-c areaCode=876: Area code 876 is outside the US and Canada/,
    );
    expect(() => read({ areaCode: '206', modelId: 'arn:aws:s3:::x' })).toThrow(/-c modelId=arn:aws:s3:::x/);
  });
});
