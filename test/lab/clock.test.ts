import { describe, expect, it } from 'vitest';
import { LabClock } from '../../lab/clock';

describe('the lab clock', () => {
  it('starts at the wall time a scenario sets', () => {
    const clock = new LabClock({ start: '2026-11-23T21:30:00-05:00', speed: 0 });
    expect(new Date(clock.now()).toISOString()).toBe('2026-11-24T02:30:00.000Z');
  });

  it('a manual clock fires timers only when advanced, in order', async () => {
    const clock = new LabClock({ start: 0, speed: 0 });
    const fired: string[] = [];
    clock.setTimer(3_600_000, () => fired.push('one hour'));
    clock.setTimer(1_000, () => fired.push('one second'));
    await new Promise((r) => setTimeout(r, 20));
    expect(fired).toEqual([]);
    await clock.advance(3_600_000);
    expect(fired).toEqual(['one second', 'one hour']);
    expect(clock.now()).toBe(3_600_000);
  });

  it('a fast clock plays a 5 s prompt in a fraction of the real time', async () => {
    const clock = new LabClock({ start: 0, speed: 100 });
    const started = performance.now();
    await clock.sleep(5_000);
    const real = performance.now() - started;
    expect(real).toBeLessThan(1_000);
    expect(clock.now()).toBeGreaterThanOrEqual(5_000);
  });

  it('a cancelled timer never fires and a jump fires what fell due', async () => {
    const clock = new LabClock({ start: 0, speed: 0 });
    const fired: number[] = [];
    const cancel = clock.setTimer(10, () => fired.push(10));
    clock.setTimer(20, () => fired.push(20));
    cancel();
    await clock.jumpTo(50);
    expect(fired).toEqual([20]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a scenario can set the wall time backwards between calls', async () => {
    const clock = new LabClock({ start: '2026-11-23T21:30:00Z', speed: 0 });
    const fired: string[] = [];
    clock.setTimer(60_000, () => fired.push('21:31'));
    clock.set('2026-11-23T09:00:00Z');
    expect(new Date(clock.now()).toISOString()).toBe('2026-11-23T09:00:00.000Z');
    await clock.jumpTo('2026-11-23T21:31:00Z');
    expect(fired).toEqual(['21:31']);
  });

  it('rejects a nonsense start time with a clear message', () => {
    expect(() => new LabClock({ start: 'tomorrow-ish' })).toThrow(/not a valid time: tomorrow-ish/);
  });
});
