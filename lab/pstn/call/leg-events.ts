/** A call's legs, keys and voices: answering, what a phone does (keys, speech, hang-up), bridging LEG-B. */
import { randomUUID } from 'node:crypto';
import type { Action, ActionOf } from '../../../functions/pstn';
import type { BridgeRequest, BridgeResult } from '../actions';
import { bufferMatches } from '../digits';
import { Leg } from '../legs';
import { disconnect } from './ending';
import { echo, send, type CallState } from './state';

export function answer(call: CallState, leg: Leg): void {
  leg.status = 'Connected';
  call.cancelUnanswered();
  leg.phone.emit({ type: 'answered', at: call.env.clock.now() });
}

/** The leg's phone now reaches the call: its keys, its voice, its hang-up. */
export function attach(call: CallState, leg: Leg): void {
  leg.phone.attach({
    digit: (key) => onDigit(call, leg, key),
    speech: (text, ms, language) => onSpeech(call, leg, text, ms, language),
    typing: (on) => {
      for (const listener of [...leg.typingListeners]) listener(on);
    },
    hangup: () => disconnect(call, leg, 'caller', 0),
  });
}

function onDigit(call: CallState, leg: Leg, key: string): void {
  if (leg.status !== 'Connected') return;
  for (const listener of [...leg.digitListeners].reverse()) if (listener(key)) return;
  const armed = leg.armed;
  if (!armed) return; // DTMF is discarded unless something listens (docs/aws/pstn-audio.md §7.4)
  const { clock } = call.env;
  const p = armed.action.Parameters;
  armed.buffer += key;
  armed.cancelFlush ??= clock.setTimer(p.FlushDigitsDurationInMilliseconds, () => {
    armed.buffer = '';
    armed.cancelFlush = undefined;
  });
  armed.cancelBetween?.();
  armed.cancelBetween = clock.setTimer(p.InBetweenDigitsDurationInMilliseconds, () => {
    if (leg.armed !== armed || !bufferMatches(p.InputDigitsRegex, armed.buffer)) return;
    const digits = armed.buffer;
    // one-shot: samples re-arm it in every DIGITS_RECEIVED response (docs/aws/pstn-audio.md §4.5,
    // UNCONFIRMED)
    leg.disarm();
    void digitsReceived(call, leg, armed.action, digits);
  });
}

async function digitsReceived(call: CallState, leg: Leg, action: Action, digits: string): Promise<void> {
  const reply = await send(call, 'DIGITS_RECEIVED', {
    actionData: { ...echo(action), ReceivedDigits: digits },
    leg,
  });
  await call.follow(reply);
}

/** ReceiveDigits listens on the leg from now on. */
export function arm(leg: Leg, action: Action): void {
  leg.disarm();
  leg.armed = { action: action as ActionOf<'ReceiveDigits'>, buffer: '' };
}

function onSpeech(call: CallState, leg: Leg, text: string, ms: number, language?: string): void {
  for (const listener of [...leg.speechListeners]) listener(text, ms, language);
  const other = call.legs.find((l) => l !== leg && l.status === 'Connected');
  const now = call.env.clock.now();
  if (other && leg.status === 'Connected') other.phone.emit({ type: 'prompt', kind: 'voice', text, at: now });
  // a lab notice: on a real call, words nothing listens to are simply lost
  else if (leg.speechListeners.length === 0) leg.phone.emit({ type: 'not-heard', text, at: now });
}

/** CallAndBridge: ring the other party; once answered, it is LEG-B. */
export async function bridge(
  call: CallState,
  a: Leg,
  request: BridgeRequest,
  signal: AbortSignal,
): Promise<BridgeResult> {
  const callId = randomUUID();
  const result = await call.env.phones.ring(request.to, request.from, request.timeoutMs, signal, () =>
    call.env.newPhone({ transactionId: call.transactionId, callId }),
  );
  if (result.kind === 'cancelled') return 'no-answer';
  if (result.kind !== 'answered') return result.kind;
  const now = call.env.clock.now();
  const b = new Leg(
    {
      callId,
      tag: 'LEG-B',
      to: request.to,
      from: request.from,
      direction: 'Outbound',
      startedAt: now,
      status: 'Connected',
    },
    result.phone,
  );
  call.legs = [...call.legs.filter((l) => l.tag !== 'LEG-B'), b];
  attach(call, b);
  if (a.status === undefined) answer(call, a);
  b.phone.emit({ type: 'answered', at: now });
  for (const leg of [a, b]) leg.phone.emit({ type: 'bridged', at: now });
  return 'answered';
}
