import { describe, expect, it } from 'vitest';
import { LabClock } from '../../lab/clock';
import { createPstnSimulator } from '../../lab/pstn';
import { CALLER, LINE, respond, speechDurationMs } from './harness';

describe('on a running lab clock', () => {
  it('a whole call plays out by itself, with media faster than real time, and leaves no timer behind', async () => {
    const clock = new LabClock({ speed: 1000 });
    const sim = createPstnSimulator({
      clock,
      sipMediaApplicationId: 'sma',
      numbers: { [LINE]: { sipRuleId: 'rule' } },
      invoke: async (event) =>
        event.InvocationEventType === 'NEW_INBOUND_CALL'
          ? respond(
              {
                Type: 'Speak',
                Parameters: { CallId: event.CallDetails.Participants[0]!.CallId, Text: 'welcome to the lab' },
              },
              { Type: 'Pause', Parameters: { DurationInMilliseconds: 5000 } },
              { Type: 'Hangup', Parameters: {} },
            )
          : respond(),
      media: { getAudio: async () => undefined, saveRecording: async () => {}, speechDurationMs },
    });
    const caller = sim.dial({ from: CALLER, to: LINE });
    await caller.waitFor(/welcome/);
    expect(await caller.ended).toMatchObject({ by: 'system', sipCode: 0 });
    while (sim.calls()[0]!.state !== 'ended') await new Promise((r) => setImmediate(r)); // the HANGUP event is still in flight
    const [call] = sim.calls();
    expect(call!.endedAt! - call!.startedAt).toBeGreaterThanOrEqual(1600 + 5000);
    expect(clock.pendingTimers()).toBe(0);
  });
});
