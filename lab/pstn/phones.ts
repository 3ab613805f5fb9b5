/**
 * The other phones of the lab: how a number behaves when the system dials it (CallAndBridge,
 * CreateSipMediaApplicationCall). Scripted phones answer or decline after a while, then say, press and hang
 * up on cue; a 'manual' phone rings its `onRing` listeners and a person answers. Unknown numbers never answer.
 */
import type { Clock } from '../clock';
import type { Phone } from './phone';
import type { ManualPhone, PhoneBehaviour, Ringing, ScriptedPhone } from './types';

export type RingResult =
  { kind: 'answered'; phone: Phone } | { kind: 'declined' } | { kind: 'no-answer' } | { kind: 'cancelled' };

/** How a ring the system placed ended: who was rung, by whom, and the phone when it was answered. */
export interface RingOutcome {
  to: string;
  from: string;
  result: RingResult['kind'];
  phone?: Phone;
}

export class Phones {
  private behaviours = new Map<string, PhoneBehaviour>();
  private watchers = new Set<(outcome: RingOutcome) => void>();

  /** Every ring the system places, once it is answered, declined, unanswered or cancelled. */
  watch(listener: (outcome: RingOutcome) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  private ringers = new Map<string, Set<(ringing: Ringing) => void>>();

  constructor(private clock: Clock) {}

  set(number: string, behaviour: PhoneBehaviour): ManualPhone {
    if (behaviour !== 'manual' && typeof behaviour.answer !== 'boolean') {
      throw new TypeError(`phone(${mask(number)}): behaviour needs answer: true or false, or 'manual'`);
    }
    this.behaviours.set(number, behaviour);
    return {
      onRing: (listener) => {
        const set = this.ringers.get(number) ?? new Set();
        set.add(listener);
        this.ringers.set(number, set);
        return () => {
          set.delete(listener);
          // the last person at a manual phone left: like any unknown number, it no longer answers
          if (set.size === 0 && this.behaviours.get(number) === 'manual') this.behaviours.delete(number);
        };
      },
    };
  }

  /** Rings `to` for up to `timeoutMs` of lab time. `pickUp` creates the phone of the leg that answers. */
  ring(
    to: string,
    from: string,
    timeoutMs: number,
    signal: AbortSignal,
    pickUp: () => Phone,
  ): Promise<RingResult> {
    const behaviour = this.behaviours.get(to);
    return new Promise((resolve) => {
      let settled = false;
      const cancels: (() => void)[] = [];
      const settle = (result: RingResult) => {
        if (settled) return;
        settled = true;
        for (const cancel of cancels) cancel();
        const phone = result.kind === 'answered' ? result.phone : undefined;
        for (const watcher of [...this.watchers]) watcher({ to, from, result: result.kind, phone });
        resolve(result);
      };
      const answer = (): Phone => {
        if (settled) throw new Error('this phone is no longer ringing');
        const phone = pickUp();
        if (behaviour && behaviour !== 'manual') script(phone, behaviour, this.clock);
        settle({ kind: 'answered', phone });
        return phone;
      };
      cancels.push(this.clock.setTimer(timeoutMs, () => settle({ kind: 'no-answer' })));
      const abort = () => settle({ kind: 'cancelled' });
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      cancels.push(() => signal.removeEventListener('abort', abort));
      if (behaviour === 'manual') {
        const ringing: Ringing = { from, to, answer, decline: () => settle({ kind: 'declined' }) };
        for (const listener of this.ringers.get(to) ?? []) listener(ringing);
      } else if (behaviour?.answer) {
        cancels.push(this.clock.setTimer((behaviour.after ?? 0) * 1000, () => void answer()));
      } else if (behaviour?.after !== undefined) {
        cancels.push(this.clock.setTimer(behaviour.after * 1000, () => settle({ kind: 'declined' })));
      }
    });
  }
}

/** A scripted phone after answering: says its words when recorded, presses its keys when asked, hangs up on time. */
function script(phone: Phone, behaviour: ScriptedPhone, clock: Clock): void {
  let said = false;
  let pressed = false;
  const off = phone.on((event) => {
    if (behaviour.say !== undefined && !said && event.type === 'recording-started') {
      said = true;
      void phone.say(behaviour.say);
    }
    if (behaviour.press !== undefined && !pressed && event.type === 'digits-requested') {
      pressed = true;
      void phone.press(behaviour.press);
    }
  });
  const cancel =
    behaviour.hangupAfter !== undefined
      ? clock.setTimer(behaviour.hangupAfter * 1000, () => void phone.hangup())
      : () => {};
  void phone.ended.then(() => {
    off();
    cancel();
  });
}

/** +12065550100 → +1206***0100 */
export function mask(number: string): string {
  return number.length > 8 ? `${number.slice(0, 5)}***${number.slice(-4)}` : '***';
}
