import { describe, expect, it } from 'vitest';
import { CALLER, LINE, hangup, respond, setup, speak } from './harness';

describe('the call log and the caller’s phone', () => {
  it('lists every event sent and response received, in order, with lab timestamps', async () => {
    const t = setup();
    t.lambda.once('NEW_INBOUND_CALL', respond(speak('hello')));
    t.lambda.once('ACTION_SUCCESSFUL', respond(hangup()));
    const live: string[] = [];
    const stop = t.sim.onLog((transactionId, entry) => live.push(`${transactionId} ${entry.kind}`));
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    const start = t.clock.now();
    await t.run(400);
    stop();
    const log = t.sim.log(caller.transactionId);
    expect(live).toEqual(log.map((e) => `${caller.transactionId} ${e.kind}`));
    expect(
      log.map((e) =>
        e.kind === 'event'
          ? `→ ${e.event.InvocationEventType}`
          : e.kind === 'response'
            ? `← ${e.sequence}`
            : e.kind,
      ),
    ).toEqual(['→ NEW_INBOUND_CALL', '← 1', '→ ACTION_SUCCESSFUL', '← 2', '→ HANGUP', '← 3']);
    expect(log.map((e) => e.at - start)).toEqual([0, 0, 400, 400, 400, 400]);
    expect(log[1]).toMatchObject({ kind: 'response', response: respond(speak('hello')) });
    expect(t.sim.calls()).toEqual([
      expect.objectContaining({
        transactionId: caller.transactionId,
        direction: 'Inbound',
        state: 'ended',
        invocations: 3,
      }),
    ]);
    expect(t.sim.log('unknown')).toEqual([]);
  });

  it('waitFor finds a prompt by regex, skipping earlier ones, and fails with what was heard when the call ends', async () => {
    const t = setup();
    t.lambda.once('NEW_INBOUND_CALL', respond(speak('welcome'), speak('we are closed'), hangup()));
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    const closed = caller.waitFor(/closed/);
    const never = caller.waitFor(/open/);
    const fails = expect(never).rejects.toThrow(/ended \(SIP 0\).*"welcome", "we are closed"/);
    await t.run(800);
    expect(await closed).toMatchObject({ type: 'prompt', text: 'we are closed' });
    await t.run(1000);
    await fails;
  });

  it('waitFor times out on the lab clock', async () => {
    const t = setup();
    t.lambda.once('NEW_INBOUND_CALL', respond(speak('hi')));
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    const waiting = expect(caller.waitFor('goodbye', { timeoutMs: 5000 })).rejects.toThrow(
      /timed out waiting for a prompt matching goodbye; heard: "hi"/,
    );
    await t.run(5000);
    await waiting;
  });

  it('the phone is an async iterator of what the caller experiences, ending with the hang-up', async () => {
    const t = setup();
    t.lambda.once('NEW_INBOUND_CALL', respond(speak('hi'), hangup({ SipResponseCode: 480 })));
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    const seen: string[] = [];
    const done = (async () => {
      for await (const e of caller) seen.push(e.type === 'hangup' ? `hangup ${e.by} ${e.sipCode}` : e.type);
    })();
    await t.run(400);
    await done;
    expect(seen).toEqual(['answered', 'prompt', 'hangup system 480']);
  });

  it('press refuses keys a phone does not have', async () => {
    const t = setup();
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    await expect(caller.press('12x')).rejects.toThrow(/0-9/);
  });

  it('a caller may hang up at any step: each time the Lambda hears HANGUP once and nothing runs after', async () => {
    const list = [
      speak('one two'),
      { Type: 'Pause', Parameters: { DurationInMilliseconds: 1000 } },
      speak('three'),
    ];
    for (const at of [0, 400, 1000, 2000]) {
      const t = setup();
      t.lambda.once('NEW_INBOUND_CALL', respond(...list));
      t.lambda.on('HANGUP', respond(speak('ignored: nobody is connected')));
      const caller = t.sim.dial({ from: CALLER, to: LINE });
      await t.run(at);
      await caller.hangup();
      await t.run(5000);
      expect(t.lambda.types().filter((type) => type === 'HANGUP')).toHaveLength(1);
      expect(t.lambda.types().at(-1)).toBe('HANGUP');
      expect(t.sim.calls()[0]!.state).toBe('ended');
      expect(t.clock.pendingTimers()).toBe(0);
    }
  });
});
