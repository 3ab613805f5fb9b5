import { describe, expect, it } from 'vitest';
import { ringsEndedBy } from '../../../../lab/phone/web/phones';

const participants = (...ps: object[]) => ({ CallDetails: { Participants: ps } });
const customer = { From: '+13125550142', To: '+12065550200', Direction: 'Inbound' };

describe('when the owner’s page stops ringing', () => {
  it.each([
    [
      'the CallAndBridge that rang it finished (answered elsewhere, declined, no answer)',
      {
        InvocationEventType: 'ACTION_FAILED',
        ActionData: {
          Type: 'CallAndBridge',
          Parameters: { CallerIdNumber: '+13125550142', Endpoints: [{ Uri: '+12065550100' }] },
        },
        ...participants(customer),
      },
      [{ from: '+13125550142', to: '+12065550100' }],
    ],
    [
      'the caller hung up while it rang',
      { InvocationEventType: 'HANGUP', ...participants(customer) },
      [{ from: '+13125550142' }, { from: '+12065550200' }],
    ],
    [
      'a call the system placed to it was answered',
      {
        InvocationEventType: 'CALL_ANSWERED',
        ...participants({ From: '+12065550200', To: '+12065550100', Direction: 'Outbound' }),
      },
      [{ from: '+12065550200', to: '+12065550100' }],
    ],
    [
      'another action finished: nothing',
      { InvocationEventType: 'ACTION_SUCCESSFUL', ActionData: { Type: 'Speak' }, ...participants(customer) },
      [],
    ],
    ['not an event at all: nothing', null, []],
  ])('%s', (_, event, expected) => {
    expect(ringsEndedBy(event)).toEqual(expected);
  });
});
