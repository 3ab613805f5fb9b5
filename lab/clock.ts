/**
 * The lab's one clock. Everything in the lab that waits — media playing, Wait states, schedules, task
 * timeouts — waits on a Clock, never on `setTimeout` directly, so a scenario can set the wall time of a
 * call and run media faster than real time.
 *
 * - `speed: 1` runs in real time; `speed: 20` makes a 5 s prompt take 250 ms of real time.
 * - `speed: 0` is a manual clock: time moves only through `advance()` / `jumpTo()` (unit tests).
 * - `jumpTo()` / `advance()` move time forward at any speed, firing every timer that falls due, in order.
 *
 * Lambda code runs for real: its own timers (the router's turn budget, SQS long polls) are real time.
 */
export interface Clock {
  /** Lab time, epoch milliseconds. */
  now(): number;
  /** Calls `fn` once `ms` of lab time have passed. Returns a function that cancels the timer. */
  setTimer(ms: number, fn: () => void): () => void;
  /** Resolves after `ms` of lab time; rejects with the signal's reason if aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The one abortable sleep on a clock's timers: resolves after `ms` of its time; rejects with the signal's
 *  reason if aborted first (the timer is then cancelled). Every Clock's `sleep` is this. */
export function sleepOn(clock: Pick<Clock, 'setTimer'>, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = clock.setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface Timer {
  id: number;
  due: number;
  fn: () => void;
  handle?: ReturnType<typeof setTimeout>;
}

export interface LabClockOptions {
  /** Lab time at creation (epoch ms or ISO string). Default: real now. */
  start?: number | string;
  /** Lab milliseconds per real millisecond. 0 = manual. Default 1. */
  speed?: number;
}

export class LabClock implements Clock {
  private base: number;
  private realBase: number;
  private speedValue: number;
  private timers = new Map<number, Timer>();
  private nextId = 1;

  constructor(options: LabClockOptions = {}) {
    this.base = toEpoch(options.start ?? Date.now());
    this.realBase = performance.now();
    this.speedValue = options.speed ?? 1;
    if (!(this.speedValue >= 0) || !Number.isFinite(this.speedValue)) {
      throw new RangeError(`clock speed must be a finite number >= 0, got ${options.speed}`);
    }
  }

  get speed(): number {
    return this.speedValue;
  }

  now(): number {
    return Math.floor(this.base + (performance.now() - this.realBase) * this.speedValue);
  }

  /** Changes the speed from now on; lab time is continuous across the change. */
  setSpeed(speed: number): void {
    this.rebase(this.now());
    this.speedValue = speed;
    this.rearm();
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer: Timer = { id: this.nextId++, due: this.now() + Math.max(0, ms), fn };
    this.timers.set(timer.id, timer);
    this.arm(timer);
    return () => this.cancel(timer.id);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /**
   * Sets lab time to `epoch`, forwards or backwards, without firing anything: a scenario sets the wall time
   * of its call this way. Pending timers keep their absolute due times.
   */
  set(epoch: number | string): void {
    this.rebase(toEpoch(epoch));
    this.rearm();
  }

  /** Moves lab time forward by `ms`, firing due timers in order (yielding to the event loop between them). */
  async advance(ms: number): Promise<void> {
    await this.jumpTo(this.now() + ms);
  }

  /** Moves lab time forward to `epoch` (never backwards), firing due timers in order. */
  async jumpTo(epoch: number | string): Promise<void> {
    const target = toEpoch(epoch);
    for (;;) {
      const next = [...this.timers.values()].sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next || next.due > target) break;
      if (next.due > this.now()) this.rebase(next.due);
      this.fire(next);
      // let the fired callback's promise chains run before the next timer
      await new Promise((r) => setImmediate(r));
    }
    if (target > this.now()) this.rebase(target);
    this.rearm();
  }

  /** Number of timers waiting (tests use it to check nothing is left behind). */
  pendingTimers(): number {
    return this.timers.size;
  }

  private fire(timer: Timer): void {
    this.cancel(timer.id);
    timer.fn();
  }

  private cancel(id: number): void {
    const timer = this.timers.get(id);
    if (!timer) return;
    if (timer.handle) clearTimeout(timer.handle);
    this.timers.delete(id);
  }

  private rebase(labNow: number): void {
    this.base = labNow;
    this.realBase = performance.now();
  }

  private arm(timer: Timer): void {
    if (timer.handle) clearTimeout(timer.handle);
    timer.handle = undefined;
    if (this.speedValue === 0) return;
    const realMs = Math.max(0, (timer.due - this.now()) / this.speedValue);
    timer.handle = setTimeout(
      () => {
        if (!this.timers.has(timer.id)) return;
        // real timers may fire a hair early; lab time never shows a fired timer as not yet due
        if (this.now() < timer.due) this.rebase(timer.due);
        this.fire(timer);
      },
      Math.min(realMs, 2 ** 31 - 1),
    );
    timer.handle.unref?.();
  }

  private rearm(): void {
    for (const timer of this.timers.values()) this.arm(timer);
  }
}

function toEpoch(value: number | string): number {
  const epoch = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(epoch)) throw new RangeError(`not a valid time: ${String(value)}`);
  return epoch;
}
