/**
 * PSTN audio's deadlines are real time (Lambda code runs for real). Tests shrink them through the options:
 * here 50 ms stands for the 5 s retry and 200 ms for the 20 s give-up.
 */
import { describe, expect, it } from 'vitest';
import { CALLER, LINE, respond, setup, speak } from './harness';

const realWait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('invoking the Lambda', () => {
  it('a Lambda that does not answer in time gets the same event again, then the call is hung up with 480', async () => {
    const t = setup({ invocationTimeoutMs: 50, giveUpAfterMs: 200 });
    t.setLambda(() => new Promise(() => {}));
    const phone = t.sim.dial({ from: CALLER, to: LINE });
    const hangup = await phone.ended;
    expect(hangup).toMatchObject({ by: 'system', sipCode: 480 });
    const attempts = t.sim.log(phone.transactionId).filter((e) => e.kind === 'event');
    // attempts at 0, 50, 100, 150 ms; given up at 200 ms; then one HANGUP (also unanswered) for clean-up
    const first = attempts.filter(
      (e) => e.kind === 'event' && e.event.InvocationEventType === 'NEW_INBOUND_CALL',
    );
    expect(first.map((e) => (e.kind === 'event' ? [e.sequence, e.attempt] : []))).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [1, 4],
    ]);
    expect(t.lambda.events.slice(0, 4).every((e) => e.Sequence === 1)).toBe(true);
  });

  it('a slow first attempt is retried and the retry’s answer is used', async () => {
    const t = setup({ invocationTimeoutMs: 50, giveUpAfterMs: 200 });
    let calls = 0;
    t.setLambda(async (event) => {
      calls++;
      if (calls === 1) return new Promise(() => {});
      return event.InvocationEventType === 'NEW_INBOUND_CALL' ? respond(speak('hello')) : respond();
    });
    const phone = t.sim.dial({ from: CALLER, to: LINE });
    await realWait(80);
    await t.settle();
    expect(phone.heard().map((p) => p.text)).toEqual(['hello']);
  });

  it('a Lambda that throws is retried once; a second failure hangs up with 480', async () => {
    const t = setup();
    let calls = 0;
    t.setLambda(async () => {
      calls++;
      throw new Error('boom');
    });
    const phone = t.sim.dial({ from: CALLER, to: LINE });
    expect(await phone.ended).toMatchObject({ sipCode: 480 });
    await t.settle();
    const errors = t.sim.log(phone.transactionId).filter((e) => e.kind === 'error');
    expect(errors[0]).toMatchObject({ sequence: 1, attempt: 1, message: expect.stringContaining('boom') });
    expect(errors[1]).toMatchObject({ sequence: 1, attempt: 2 });
    // NEW_INBOUND_CALL twice, then the clean-up HANGUP twice
    expect(calls).toBe(4);
    expect(t.sim.calls()[0]!.state).toBe('ended');
  });

  it('a Lambda that throws once and then answers carries on', async () => {
    const t = setup();
    let calls = 0;
    t.setLambda(async () => {
      if (++calls === 1) throw new Error('cold start');
      return respond(speak('fine'));
    });
    const phone = t.sim.dial({ from: CALLER, to: LINE });
    await t.settle();
    expect(phone.heard().map((p) => p.text)).toEqual(['fine']);
  });

  it('without hangupEventAfterFailure the dead Lambda is not invoked again', async () => {
    const t = setup({ hangupEventAfterFailure: false });
    let calls = 0;
    t.setLambda(async () => {
      calls++;
      throw new Error('boom');
    });
    const phone = t.sim.dial({ from: CALLER, to: LINE });
    await phone.ended;
    await t.settle();
    expect(calls).toBe(2);
  });

  it('a call is released with 480 after the invocation limit', async () => {
    const t = setup({ maxInvocations: 5 });
    t.lambda.on('NEW_INBOUND_CALL', respond(speak('a')));
    t.lambda.on('ACTION_SUCCESSFUL', respond(speak('again')));
    const phone = t.sim.dial({ from: CALLER, to: LINE });
    await t.run(2000);
    expect(await phone.ended).toMatchObject({ sipCode: 480 });
    expect(t.lambda.events).toHaveLength(5);
  });

  it('an inbound call nothing answers is released after 30 s', async () => {
    const t = setup();
    t.lambda.on('NEW_INBOUND_CALL', respond());
    t.lambda.on('INVALID_LAMBDA_RESPONSE', respond());
    const phone = t.sim.dial({ from: CALLER, to: LINE });
    await t.run(29_999);
    expect(phone.events()).toEqual([]);
    await t.run(1);
    expect(await phone.ended).toMatchObject({ sipCode: 480 });
  });
});
