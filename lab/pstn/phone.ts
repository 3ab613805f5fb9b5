/**
 * A phone on one leg: records what its person experiences and turns their presses, speech and hang-up into
 * input for the call. The call attaches itself with `attach()`; until then (ringing) input is ignored.
 */
import type { Clock } from '../clock';
import type { CallerHandle, PhoneEvent, PhoneEventMatch, PhoneHangup, PromptEvent } from './types';

export interface LegInput {
  digit(key: string): void;
  /** `language`: what the person speaks (a BCP-47 code such as es-US); absent = the lab's default, en-US. */
  speech(text: string, ms: number, language?: string): void;
  typing(on: boolean): void;
  hangup(): Promise<void>;
}

const DTMF = /^[0-9*#A-D]*$/;

export class Phone implements CallerHandle {
  transactionId: string;
  callId: string;
  readonly ended: Promise<PhoneHangup>;
  private log: PhoneEvent[] = [];
  private listeners = new Set<(event: PhoneEvent) => void>();
  private cursor = 0;
  private input?: LegInput;
  private finish!: (hangup: PhoneHangup) => void;
  /** words an interactive phone holds until something listens */
  private held: { text: string; seconds?: number; language?: string }[] = [];

  constructor(
    private clock: Clock,
    private speechMs: (text: string) => number,
    private dtmfGapMs: number,
    ids: { transactionId: string; callId: string },
  ) {
    this.transactionId = ids.transactionId;
    this.callId = ids.callId;
    this.ended = new Promise((resolve) => (this.finish = resolve));
  }

  attach(input: LegInput): void {
    this.input = input;
  }

  get isUp(): boolean {
    return !this.log.some((e) => e.type === 'hangup');
  }

  /** Called by the call: something happened on this leg. */
  emit(event: PhoneEvent): void {
    if (!this.isUp) return;
    if (event.type === 'hangup') {
      // words still held when the call ends were never heard: say so before the hang-up
      for (const words of this.held.splice(0))
        this.emit({ type: 'not-heard', text: words.text, at: event.at });
    }
    this.log.push(event);
    if (event.type === 'hangup') {
      this.input = undefined;
      this.finish(event);
    }
    for (const listener of [...this.listeners]) listener(event);
    if (event.type === 'recording-started' && this.held.length > 0) void this.speakHeld();
  }

  /** A recording started: the held words, in order, each announced as it is spoken. */
  private async speakHeld(): Promise<void> {
    while (this.held.length > 0 && this.isUp) {
      const words = this.held.shift()!;
      this.emit({ type: 'words-spoken', text: words.text, at: this.clock.now() });
      await this.say(words.text, {
        ...(words.seconds !== undefined && { seconds: words.seconds }),
        ...(words.language && { language: words.language }),
      });
    }
  }

  /** Something hears this leg now: a recording runs, or another party is connected. */
  private get listened(): boolean {
    const last = this.log
      .filter((e) => /^(recording-started|recording-stopped|bridged)$/.test(e.type))
      .at(-1);
    return last?.type === 'recording-started' || last?.type === 'bridged';
  }

  events(): PhoneEvent[] {
    return [...this.log];
  }

  heard(): PromptEvent[] {
    return this.log.filter((e): e is PromptEvent => e.type === 'prompt');
  }

  on(listener: (event: PhoneEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async press(digits: string): Promise<void> {
    if (!DTMF.test(digits)) throw new RangeError('press(): keys must be 0-9, *, # or A-D');
    for (const [i, key] of [...digits].entries()) {
      if (i > 0) await this.clock.sleep(this.dtmfGapMs);
      this.input?.digit(key);
    }
  }

  async say(
    text: string,
    options: { seconds?: number; hold?: boolean; language?: string } = {},
  ): Promise<void> {
    const ms = options.seconds !== undefined ? Math.round(options.seconds * 1000) : this.speechMs(text);
    if (!(ms >= 0)) throw new RangeError(`say(): seconds must be >= 0, got ${options.seconds}`);
    if (options.hold && this.isUp && (!this.listened || this.held.length > 0)) {
      this.held.push({
        text,
        ...(options.seconds !== undefined && { seconds: options.seconds }),
        ...(options.language && { language: options.language }),
      });
      this.emit({ type: 'words-held', text, at: this.clock.now() });
      return;
    }
    // before the call is answered nothing carries the words (a lab notice: on a real call they are just lost)
    if (this.input) this.input.speech(text, ms, options.language);
    else if (this.isUp) this.emit({ type: 'not-heard', text, at: this.clock.now() });
    await this.clock.sleep(ms);
  }

  /**
   * The person started (true) or gave up (false) typing words; sending them with say() ends the typing by
   * itself (the recording's silence timeout then counts from the end of the words).
   */
  typing(on: boolean): void {
    this.input?.typing(on);
  }

  async silence(ms: number): Promise<void> {
    await this.clock.sleep(ms);
  }

  async hangup(): Promise<void> {
    await this.input?.hangup();
  }

  waitFor(match: PhoneEventMatch, options: { timeoutMs?: number } = {}): Promise<PhoneEvent> {
    const test = matcher(match);
    return new Promise((resolve, reject) => {
      const scan = (): boolean => {
        for (let i = this.cursor; i < this.log.length; i++) {
          const event = this.log[i]!;
          if (test(event)) {
            this.cursor = i + 1;
            done();
            resolve(event);
            return true;
          }
          if (event.type === 'hangup') {
            done();
            reject(
              new Error(
                `the call ended (SIP ${event.sipCode}) before ${describe(match)}; heard: ${this.transcript()}`,
              ),
            );
            return true;
          }
        }
        return false;
      };
      const off = this.on(() => void scan());
      const cancel = this.clock.setTimer(options.timeoutMs ?? 60_000, () => {
        off();
        reject(new Error(`timed out waiting for ${describe(match)}; heard: ${this.transcript()}`));
      });
      const done = () => {
        off();
        cancel();
      };
      scan();
    });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<PhoneEvent> {
    let next = 0;
    for (;;) {
      while (next < this.log.length) {
        const event = this.log[next++]!;
        yield event;
        if (event.type === 'hangup') return;
      }
      await new Promise<void>((resolve) => {
        const off = this.on(() => {
          off();
          resolve();
        });
      });
    }
  }

  private transcript(): string {
    const prompts = this.heard().map((p) => p.text ?? p.key ?? '');
    return prompts.length ? prompts.map((p) => JSON.stringify(p)).join(', ') : '(nothing)';
  }
}

function matcher(match: PhoneEventMatch): (event: PhoneEvent) => boolean {
  if (typeof match === 'function') return match;
  return (event) => {
    if (event.type !== 'prompt') return false;
    const said = [event.text, event.key].filter((s): s is string => s !== undefined);
    return said.some((s) => (typeof match === 'string' ? s === match || s.includes(match) : match.test(s)));
  };
}

function describe(match: PhoneEventMatch): string {
  return typeof match === 'function' ? 'the awaited event' : `a prompt matching ${String(match)}`;
}
