import {
  ChimeSDKVoiceClient,
  CreatePhoneNumberOrderCommand,
  DeletePhoneNumberCommand,
  GetPhoneNumberCommand,
  GetPhoneNumberOrderCommand,
  ListPhoneNumberOrdersCommand,
  ListPhoneNumbersCommand,
  SearchAvailablePhoneNumbersCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { countryOfAreaCode } from '../../infra/custom-resources/phone-number-order/country';
import {
  afterFailedOrder,
  eventAction,
  maskNumber,
  orderOf,
  orderOutcome,
  ownedNumber,
  ownerName,
  releaseStep,
} from '../../infra/custom-resources/phone-number-order/decide';
import { isComplete, onEvent } from '../../infra/custom-resources/phone-number-order/index';

const voice = mockClient(ChimeSDKVoiceClient);
const error = (name: string) => Object.assign(new Error(name), { name });

const STACK =
  'arn:aws:cloudformation:us-east-1:111122223333:stack/Switchboard/0f1e2d3c-aaaa-bbbb-cccc-000000000001';
const OWNER = ownerName(STACK, 'BusinessLineNumber');
const base = {
  ServiceToken: 't',
  ResponseURL: 'u',
  StackId: STACK,
  RequestId: 'req-1',
  LogicalResourceId: 'BusinessLineNumber',
  ResourceType: 'Custom::PhoneNumberOrder',
};
const create = (AreaCode = '206') =>
  ({
    ...base,
    RequestType: 'Create',
    ResourceProperties: { ServiceToken: 't', AreaCode },
  }) as CloudFormationCustomResourceEvent;
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

  it('the country follows the area code: US, Canada, and a clear refusal elsewhere in North America', () => {
    expect(countryOfAreaCode('206')).toBe('US');
    expect(countryOfAreaCode('416')).toBe('CA');
    expect(countryOfAreaCode('604')).toBe('CA');
    expect(() => countryOfAreaCode('876')).toThrow(/876 is outside the US and Canada/);
    expect(() => countryOfAreaCode('12')).toThrow(/"12" is not a three-digit North American area code/);
    expect(eventAction({ ...create('514'), RequestType: 'Create' })).toMatchObject({
      kind: 'order',
      country: 'CA',
    });
  });

  it('names numbers for one stack instance and one resource: another stack, or the same name redeployed, differs', () => {
    expect(OWNER).toMatch(/^switchboard-Switchboard-[0-9a-f]{12}$/);
    expect(ownerName(STACK.replace('0001', '0002'), 'BusinessLineNumber')).not.toBe(OWNER);
    expect(ownerName(STACK, 'AssistantNumber')).not.toBe(OWNER);
  });

  it('orders a new number only when the area code changes', () => {
    const update = (old: string) => ({
      RequestType: 'Update' as const,
      StackId: STACK,
      LogicalResourceId: 'BusinessLineNumber',
      PhysicalResourceId: '+12065550123',
      ResourceProperties: { AreaCode: '206' },
      OldResourceProperties: { AreaCode: old },
    });
    expect(eventAction(update('206'))).toEqual({ kind: 'keep', phoneNumber: '+12065550123' });
    expect(eventAction(update('425'))).toEqual({
      kind: 'order',
      areaCode: '206',
      country: 'US',
      owner: OWNER,
    });
  });

  it('adopts only a live number of this resource in this area code', () => {
    const request = { areaCode: '206', country: 'US' as const, owner: OWNER };
    const mine = { E164PhoneNumber: '+12065550111', Name: OWNER, Status: 'Unassigned' };
    expect(ownedNumber([mine], request)).toBe(mine);
    expect(ownedNumber([{ ...mine, Name: 'someone-else' }], request)).toBeUndefined();
    expect(ownedNumber([{ ...mine, Status: 'AcquireFailed' }], request)).toBeUndefined();
    expect(ownedNumber([{ ...mine, Status: 'DeleteInProgress' }], request)).toBeUndefined();
    expect(ownedNumber([{ ...mine, E164PhoneNumber: '+14255550111' }], request)).toBeUndefined();
    expect(ownedNumber([{ ...mine, Status: 'AcquireInProgress' }], request)).toBeDefined();
  });

  it('after a failed order call: adopts an order of that number, tries the next when it was taken, else fails', () => {
    const orders = [
      {
        PhoneNumberOrderId: 'o-old',
        Status: 'Failed',
        OrderedPhoneNumbers: [{ E164PhoneNumber: '+12065550111' }],
      },
      {
        PhoneNumberOrderId: 'o-1',
        Status: 'Processing',
        OrderedPhoneNumbers: [{ E164PhoneNumber: '+12065550111' }],
      },
    ];
    const found = orderOf(orders, '+12065550111');
    expect(found?.PhoneNumberOrderId).toBe('o-1');
    expect(afterFailedOrder('BadRequestException', found)).toBe('adopt');
    expect(afterFailedOrder('ServiceUnavailableException', found)).toBe('adopt');
    expect(orderOf(orders, '+12065550122')).toBeUndefined();
    expect(afterFailedOrder('BadRequestException', undefined)).toBe('next-candidate');
    expect(afterFailedOrder('AccessDeniedException', undefined)).toBe('fail');
  });

  it('releases on delete only what is a phone number (a failed create leaves a request id)', () => {
    expect(
      eventAction({ RequestType: 'Delete', PhysicalResourceId: '+12065550123', ResourceProperties: {} }),
    ).toEqual({
      kind: 'release',
      phoneNumber: '+12065550123',
    });
    expect(
      eventAction({ RequestType: 'Delete', PhysicalResourceId: 'req-1', ResourceProperties: {} }),
    ).toEqual({
      kind: 'nothing',
    });
  });

  it.each([
    [undefined, 'done'],
    ['AcquireFailed', 'done'],
    ['Cancelled', 'done'],
    ['ReleaseInProgress', 'done'],
    ['AcquireInProgress', 'wait'],
    ['Unassigned', 'delete'],
    ['Assigned', 'delete'],
  ])('releasing a number that is %s: %s', (status, step) => {
    expect(releaseStep(status === undefined ? undefined : { Status: status })).toBe(step);
  });

  it('masks numbers in messages', () => {
    expect(maskNumber('+12065550123')).toBe('+1206***0123');
  });
});

describe('the phone-number order custom resource', () => {
  beforeEach(() => {
    voice.reset();
    voice.on(ListPhoneNumbersCommand).resolves({ PhoneNumbers: [] });
    voice.on(ListPhoneNumberOrdersCommand).resolves({ PhoneNumberOrders: [] });
  });

  it('orders the first number still available, named for this resource, in the area code’s country', async () => {
    voice
      .on(SearchAvailablePhoneNumbersCommand)
      .resolves({ E164PhoneNumbers: ['+14165550111', '+14165550122'] });
    voice
      .on(CreatePhoneNumberOrderCommand, { E164PhoneNumbers: ['+14165550111'] })
      .rejects(error('BadRequestException'))
      .on(CreatePhoneNumberOrderCommand, { E164PhoneNumbers: ['+14165550122'] })
      .resolves({ PhoneNumberOrder: { PhoneNumberOrderId: 'order-2' } });
    const result = await onEvent(create('416'));
    expect(result).toEqual({ PhysicalResourceId: '+14165550122', Data: { OrderId: 'order-2' } });
    expect(voice.commandCalls(SearchAvailablePhoneNumbersCommand)[0]!.args[0].input).toMatchObject({
      AreaCode: '416',
      Country: 'CA',
      PhoneNumberType: 'Local',
    });
    expect(voice.commandCalls(CreatePhoneNumberOrderCommand)[1]!.args[0].input).toMatchObject({
      ProductType: 'SipMediaApplicationDialIn',
      Name: OWNER,
    });
  });

  it('a repeated Create adopts the number this resource already ordered instead of ordering a second', async () => {
    voice.on(ListPhoneNumbersCommand).resolves({
      PhoneNumbers: [
        { E164PhoneNumber: '+12065550100', Name: 'another-stack', Status: 'Assigned' },
        { E164PhoneNumber: '+12065550111', Name: OWNER, Status: 'AcquireInProgress', OrderId: 'order-1' },
      ],
    });
    expect(await onEvent(create())).toEqual({
      PhysicalResourceId: '+12065550111',
      Data: { OrderId: 'order-1' },
    });
    expect(voice.commandCalls(SearchAvailablePhoneNumbersCommand)).toHaveLength(0);
    expect(voice.commandCalls(CreatePhoneNumberOrderCommand)).toHaveLength(0);
  });

  it('a lost order response whose retry is refused adopts the order that went through (one number, not two)', async () => {
    voice
      .on(SearchAvailablePhoneNumbersCommand)
      .resolves({ E164PhoneNumbers: ['+12065550111', '+12065550122'] });
    // The first call ordered the number but its response was lost; the SDK's retry is refused: already ordered.
    voice.on(CreatePhoneNumberOrderCommand).rejects(error('BadRequestException'));
    voice.on(ListPhoneNumberOrdersCommand).resolves({
      PhoneNumberOrders: [
        {
          PhoneNumberOrderId: 'order-1',
          Status: 'Processing',
          OrderedPhoneNumbers: [{ E164PhoneNumber: '+12065550111' }],
        },
      ],
    });
    expect(await onEvent(create())).toEqual({
      PhysicalResourceId: '+12065550111',
      Data: { OrderId: 'order-1' },
    });
    expect(voice.commandCalls(CreatePhoneNumberOrderCommand)).toHaveLength(1);
  });

  it('an order call that fails for another reason fails the deployment with that error', async () => {
    voice.on(SearchAvailablePhoneNumbersCommand).resolves({ E164PhoneNumbers: ['+12065550111'] });
    voice.on(CreatePhoneNumberOrderCommand).rejects(error('AccessDeniedException'));
    await expect(onEvent(create())).rejects.toThrow(/AccessDeniedException/);
  });

  it('says which area code has no numbers', async () => {
    voice.on(SearchAvailablePhoneNumbersCommand).resolves({ E164PhoneNumbers: [] });
    await expect(onEvent(create())).rejects.toThrow(/No local numbers are available in area code 206 \(US\)/);
  });

  it('keeps polling while the order is processing and completes with the number', async () => {
    const polled = { ...create(), PhysicalResourceId: '+12065550122', Data: { OrderId: 'order-2' } };
    voice
      .on(GetPhoneNumberOrderCommand)
      .resolvesOnce({ PhoneNumberOrder: { Status: 'Processing' } })
      .resolves({ PhoneNumberOrder: { Status: 'Successful' } });
    expect(await isComplete(polled)).toEqual({ IsComplete: false });
    expect(await isComplete(polled)).toEqual({ IsComplete: true, Data: { PhoneNumber: '+12065550122' } });
  });

  it('a failed order fails the deployment with the reason, and the rollback that follows is clean', async () => {
    voice.on(GetPhoneNumberOrderCommand).resolves({
      PhoneNumberOrder: {
        Status: 'Failed',
        OrderedPhoneNumbers: [{ E164PhoneNumber: '+12065550122', Status: 'Failed' }],
      },
    });
    await expect(
      isComplete({ ...create(), PhysicalResourceId: '+12065550122', Data: { OrderId: 'order-2' } }),
    ).rejects.toThrow(/order order-2 for \+1206\*\*\*0122 ended Failed \(Failed\)\. Deploy again/);
    // CloudFormation rolls back: Delete of the number whose acquisition failed.
    voice
      .on(GetPhoneNumberCommand)
      .resolves({ PhoneNumber: { E164PhoneNumber: '+12065550122', Status: 'AcquireFailed' } });
    voice.on(DeletePhoneNumberCommand).rejects(error('BadRequestException'));
    await expect(onEvent(remove('+12065550122'))).resolves.toEqual({ PhysicalResourceId: '+12065550122' });
    expect(await isComplete(remove('+12065550122'))).toEqual({ IsComplete: true });
    expect(voice.commandCalls(DeletePhoneNumberCommand)).toHaveLength(0);
  });

  it('a rollback while the number is still being acquired waits for it, then releases it', async () => {
    voice
      .on(GetPhoneNumberCommand)
      .resolvesOnce({ PhoneNumber: { Status: 'AcquireInProgress' } })
      .resolvesOnce({ PhoneNumber: { Status: 'AcquireInProgress' } })
      .resolves({ PhoneNumber: { Status: 'Unassigned' } });
    voice.on(DeletePhoneNumberCommand).resolves({});
    await onEvent(remove('+12065550122'));
    expect(voice.commandCalls(DeletePhoneNumberCommand)).toHaveLength(0);
    expect(await isComplete(remove('+12065550122'))).toEqual({ IsComplete: false });
    expect(await isComplete(remove('+12065550122'))).toEqual({ IsComplete: true });
    expect(voice.commandCalls(DeletePhoneNumberCommand)[0]!.args[0].input).toEqual({
      PhoneNumberId: '+12065550122',
    });
  });

  it('releases the number on delete; a number already gone is fine; any other error is reported', async () => {
    voice.on(GetPhoneNumberCommand).resolves({ PhoneNumber: { Status: 'Unassigned' } });
    voice
      .on(DeletePhoneNumberCommand)
      .rejectsOnce(error('NotFoundException'))
      .rejects(error('BadRequestException'));
    await expect(onEvent(remove('+12065550122'))).resolves.toEqual({ PhysicalResourceId: '+12065550122' });
    await expect(onEvent(remove('+12065550122'))).rejects.toThrow(/BadRequestException/);
    voice.on(GetPhoneNumberCommand).rejects(error('NotFoundException'));
    await expect(onEvent(remove('+12065550122'))).resolves.toEqual({ PhysicalResourceId: '+12065550122' });
  });

  it('releases nothing after a create that never chose a number', async () => {
    await onEvent(remove('req-1'));
    expect(voice.commandCalls(GetPhoneNumberCommand)).toHaveLength(0);
    expect(voice.commandCalls(DeletePhoneNumberCommand)).toHaveLength(0);
  });
});
