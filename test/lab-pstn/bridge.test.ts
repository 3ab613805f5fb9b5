import { describe, expect, it } from 'vitest';
import type { PstnEvent } from '../../functions/pstn';
import { CALLER, LINE, respond, setup, speak } from './harness';

const OWNER = '+12065550199';
const bridge = (timeout = 20) => ({
  Type: 'CallAndBridge',
  Parameters: {
    CallTimeoutSeconds: String(timeout),
    CallerIdNumber: LINE,
    Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: OWNER }],
  },
});

async function call(actions: unknown[]) {
  const t = setup();
  t.lambda.once('NEW_INBOUND_CALL', respond(...actions));
  return t;
}
const tags = (e: PstnEvent) =>
  e.CallDetails.Participants.map((p) => `${p.ParticipantTag}:${p.Status ?? '-'}`);

describe('CallAndBridge', () => {
  it('a phone that answers within CallTimeoutSeconds becomes LEG-B; ACTION_SUCCESSFUL lists both legs, A first', async () => {
    const t = await call([bridge(), speak('connecting you')]);
    t.sim.phone(OWNER, { answer: true, after: 3 });
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    await t.run(2999);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL']);
    await t.run(1);
    const success = t.lambda.last();
    expect(success).toMatchObject({
      InvocationEventType: 'ACTION_SUCCESSFUL',
      ActionData: { Type: 'CallAndBridge', Parameters: { CallId: caller.callId, CallTimeoutSeconds: 20 } },
    });
    expect(tags(success)).toEqual(['LEG-A:Connected', 'LEG-B:Connected']);
    expect(success.CallDetails.Participants[1]).toMatchObject({
      To: OWNER,
      From: LINE,
      Direction: 'Outbound',
    });
    // the response had no actions, so the rest of the list runs (docs/aws/pstn-audio.md §7.1)
    expect(caller.events().map((e) => e.type)).toEqual(['answered', 'bridged', 'prompt']);
  });

  it('no answer within CallTimeoutSeconds is ACTION_FAILED CallNotAnswered with only LEG-A', async () => {
    const t = await call([bridge(5)]);
    t.sim.phone(OWNER, { answer: true, after: 10 });
    t.sim.dial({ from: CALLER, to: LINE });
    await t.run(5000);
    const failed = t.lambda.last();
    expect(failed).toMatchObject({
      InvocationEventType: 'ACTION_FAILED',
      ActionData: { ErrorType: 'CallNotAnswered', ErrorMessage: 'Call not answered' },
    });
    expect(tags(failed)).toEqual(['LEG-A:-']);
  });

  it.each([
    ['declines', { answer: false, after: 2 }, 2000],
    ['never answers', { answer: false }, 20_000],
  ])('a phone that %s is CallNotAnswered', async (_name, behaviour, at) => {
    const t = await call([bridge()]);
    t.sim.phone(OWNER, behaviour);
    t.sim.dial({ from: CALLER, to: LINE });
    await t.run(at - 1);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL']);
    await t.run(1);
    expect(t.lambda.last().ActionData).toMatchObject({ ErrorType: 'CallNotAnswered' });
  });

  it('an unknown number never answers', async () => {
    const t = await call([bridge(3)]);
    t.sim.dial({ from: CALLER, to: LINE });
    await t.run(3000);
    expect(t.lambda.last().ActionData).toMatchObject({ ErrorType: 'CallNotAnswered' });
  });

  it('LEG-B hanging up sends HANGUP for LEG-B while A stays connected; the response runs on A', async () => {
    const t = await call([bridge()]);
    t.sim.phone(OWNER, { answer: true, hangupAfter: 10 });
    t.lambda.once('HANGUP', (e: PstnEvent) =>
      respond({
        Type: 'Speak',
        Parameters: { Text: 'they hung up', CallId: e.CallDetails.Participants[0]!.CallId },
      }),
    );
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    await t.run(10_000);
    const hangup = t.lambda.last('HANGUP');
    expect(hangup.ActionData).toMatchObject({ Parameters: { ParticipantTag: 'LEG-B', SipResponseCode: 0 } });
    expect(tags(hangup)).toEqual(['LEG-A:Connected', 'LEG-B:Disconnected']);
    expect(caller.heard().map((p) => p.text)).toEqual(['they hung up']);
  });

  it('LEG-A hanging up sends HANGUP for LEG-A; B stays until the Lambda hangs it up, then both are Disconnected', async () => {
    const t = await call([bridge()]);
    let owner: ReturnType<typeof t.sim.dial> | undefined;
    t.sim.phone(OWNER, 'manual').onRing((ringing) => (owner = ringing.answer()));
    t.lambda.once('HANGUP', respond({ Type: 'Hangup', Parameters: { ParticipantTag: 'LEG-B' } }));
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    await t.run(100);
    expect(owner).toBeDefined();
    await caller.hangup();
    await t.run(100);
    const [first, second] = t.lambda.events.filter((e) => e.InvocationEventType === 'HANGUP');
    expect(first!.ActionData).toMatchObject({ Parameters: { ParticipantTag: 'LEG-A' } });
    expect(tags(first!)).toEqual(['LEG-A:Disconnected', 'LEG-B:Connected']);
    expect(tags(second!)).toEqual(['LEG-A:Disconnected', 'LEG-B:Disconnected']);
    expect(await owner!.ended).toMatchObject({ by: 'system' });
    expect(t.sim.calls()[0]!.state).toBe('ended');
  });

  it('the bridged parties hear each other; a manual phone can decline', async () => {
    const t = await call([bridge()]);
    let owner: ReturnType<typeof t.sim.dial> | undefined;
    t.sim.phone(OWNER, 'manual').onRing((ringing) => (owner = ringing.answer()));
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    await t.run(100);
    void caller.say('hello there', { seconds: 1 });
    await t.run(1000);
    expect(owner!.heard()).toMatchObject([{ kind: 'voice', text: 'hello there' }]);

    const t2 = await call([bridge()]);
    t2.sim.phone(OWNER, 'manual').onRing((ringing) => ringing.decline());
    t2.sim.dial({ from: CALLER, to: LINE });
    await t2.run(100);
    expect(t2.lambda.last().ActionData).toMatchObject({ ErrorType: 'CallNotAnswered' });
  });

  it('the caller hanging up while the other phone rings stops the ringing and reports CallNotAnswered then HANGUP', async () => {
    const t = await call([bridge()]);
    t.sim.phone(OWNER, { answer: true, after: 10 });
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    await t.run(1000);
    await caller.hangup();
    await t.run(20_000);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL', 'ACTION_FAILED', 'HANGUP']);
    expect(t.sim.calls()[0]!.legs).toHaveLength(1);
  });
});
