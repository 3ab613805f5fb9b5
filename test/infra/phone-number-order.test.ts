import {
  ChimeSDKVoiceClient,
  CreatePhoneNumberOrderCommand,
  DeletePhoneNumberCommand,
  GetPhoneNumberOrderCommand,
  SearchAvailablePhoneNumbersCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  eventAction,
  maskNumber,
  orderOutcome,
} from '../../infra/custom-resources/phone-number-order/decide';
import { isComplete, onEvent } from '../../infra/custom-resources/phone-number-order/index';

const voice = mockClient(ChimeSDKVoiceClient);
const error = (name: string) => Object.assign(new Error(name), { name });

const base = {
  ServiceToken: 't',
  ResponseURL: 'u',
  StackId: 's',
  RequestId: 'req-1',
  LogicalResourceId: 'Number',
  ResourceType: 'Custom::PhoneNumberOrder',
};
const create = {
  ...base,
  RequestType: 'Create',
  ResourceProperties: { ServiceToken: 't', AreaCode: '206' },
} as CloudFormationCustomResourceEvent;
const remove = (id: string) =>
  ({
    ...base,
    RequestType: 'Delete',
    PhysicalResourceId: id,
    ResourceProperties: { ServiceToken: 't', AreaCode: '206' },
  }) as CloudFormationCustomResourceEvent;

describe('ordering a phone number (decisions)', () => {
  it.each([
    ['Successful', 'complete'],
    ['Submitted', 'wait'],
    ['Processing', 'wait'],
    [undefined, 'wait'],
    ['Failed', 'failed'],
    ['Partial', 'failed'],
    ['Cancelled', 'failed'],
  ])('an order %s means %s', (status, outcome) => {
    expect(orderOutcome(status)).toBe(outcome);
  });

  it('orders a new number only when the area code changes', () => {
    const update = (old: string) => ({
      RequestType: 'Update' as const,
      PhysicalResourceId: '+12065550123',
      ResourceProperties: { AreaCode: '206' },
      OldResourceProperties: { AreaCode: old },
    });
    expect(eventAction(update('206'))).toEqual({ kind: 'keep', phoneNumber: '+12065550123' });
    expect(eventAction(update('425'))).toEqual({ kind: 'order', areaCode: '206', country: 'US' });
  });

  it('releases on delete only what is a phone number (a failed create leaves a request id)', () => {
    expect(
      eventAction({
        RequestType: 'Delete',
        PhysicalResourceId: '+12065550123',
        ResourceProperties: { AreaCode: '206' },
      }),
    ).toEqual({
      kind: 'release',
      phoneNumber: '+12065550123',
    });
    expect(
      eventAction({
        RequestType: 'Delete',
        PhysicalResourceId: 'req-1',
        ResourceProperties: { AreaCode: '206' },
      }),
    ).toEqual({
      kind: 'nothing',
    });
  });

  it('masks numbers in messages', () => {
    expect(maskNumber('+12065550123')).toBe('+1206***0123');
  });
});

describe('the phone-number order custom resource', () => {
  beforeEach(() => voice.reset());

  it('orders the first number still available and waits for the order', async () => {
    voice
      .on(SearchAvailablePhoneNumbersCommand)
      .resolves({ E164PhoneNumbers: ['+12065550111', '+12065550122'] });
    voice
      .on(CreatePhoneNumberOrderCommand, { E164PhoneNumbers: ['+12065550111'] })
      .rejects(error('BadRequestException'))
      .on(CreatePhoneNumberOrderCommand, { E164PhoneNumbers: ['+12065550122'] })
      .resolves({ PhoneNumberOrder: { PhoneNumberOrderId: 'order-2' } });
    const result = await onEvent(create);
    expect(result).toEqual({ PhysicalResourceId: '+12065550122', Data: { OrderId: 'order-2' } });
    expect(voice.commandCalls(SearchAvailablePhoneNumbersCommand)[0].args[0].input).toMatchObject({
      AreaCode: '206',
      Country: 'US',
      PhoneNumberType: 'Local',
    });
    expect(voice.commandCalls(CreatePhoneNumberOrderCommand)[1].args[0].input.ProductType).toBe(
      'SipMediaApplicationDialIn',
    );
  });

  it('says which area code has no numbers', async () => {
    voice.on(SearchAvailablePhoneNumbersCommand).resolves({ E164PhoneNumbers: [] });
    await expect(onEvent(create)).rejects.toThrow(/No local numbers are available in area code 206/);
  });

  it('keeps polling while the order is processing and completes with the number', async () => {
    const polled = { ...create, PhysicalResourceId: '+12065550122', Data: { OrderId: 'order-2' } };
    voice
      .on(GetPhoneNumberOrderCommand)
      .resolvesOnce({ PhoneNumberOrder: { Status: 'Processing' } })
      .resolves({
        PhoneNumberOrder: { Status: 'Successful' },
      });
    expect(await isComplete(polled)).toEqual({ IsComplete: false });
    expect(await isComplete(polled)).toEqual({ IsComplete: true, Data: { PhoneNumber: '+12065550122' } });
  });

  it('fails the deployment with the reason when the order fails', async () => {
    voice.on(GetPhoneNumberOrderCommand).resolves({
      PhoneNumberOrder: {
        Status: 'Failed',
        OrderedPhoneNumbers: [{ E164PhoneNumber: '+12065550122', Status: 'Failed' }],
      },
    });
    await expect(
      isComplete({ ...create, PhysicalResourceId: '+12065550122', Data: { OrderId: 'order-2' } }),
    ).rejects.toThrow(/order order-2 for \+1206\*\*\*0122 ended Failed \(Failed\)\. Deploy again/);
  });

  it('releases the number on delete, and a number already gone is fine', async () => {
    voice.on(DeletePhoneNumberCommand).rejects(error('NotFoundException'));
    await expect(onEvent(remove('+12065550122'))).resolves.toEqual({ PhysicalResourceId: '+12065550122' });
    expect(voice.commandCalls(DeletePhoneNumberCommand)[0].args[0].input).toEqual({
      PhoneNumberId: '+12065550122',
    });
  });

  it('releases nothing after a create that never chose a number', async () => {
    await onEvent(remove('req-1'));
    expect(voice.commandCalls(DeletePhoneNumberCommand)).toHaveLength(0);
  });
});
