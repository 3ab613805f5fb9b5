/**
 * How a call ends: a leg goes away, or the service gives up on the call (docs/aws/pstn-audio.md §2.8, §7).
 */
import type { Leg } from '../legs';
import { hangupData, send, type CallState } from './state';

/**
 * A leg goes away (its person hung up, or a Hangup action): the action running on it stops (and, by option,
 * reports first), then HANGUP for that leg; its response runs only while another leg is still
 * up (docs/aws/pstn-audio.md §2.8, §7).
 */
export async function disconnect(
  call: CallState,
  leg: Leg,
  by: 'caller' | 'system',
  sipCode: number,
  fromExecutor = false,
): Promise<void> {
  if (!leg.live || call.ended) return;
  leg.status = 'Disconnected';
  leg.disarm();
  leg.phone.emit({ type: 'hangup', by, sipCode, at: call.env.clock.now() });
  const nobody = !call.legs.some((l) => l.live);
  if (nobody) {
    call.queue = [];
    call.listId++;
    call.cancelUnanswered();
  }
  const running = call.current;
  if (running && !fromExecutor && (running.leg === leg || nobody)) {
    running.abort.abort('hangup');
    await running.settled;
  }
  if (call.releasing || call.ended) return;
  const reply = await send(call, 'HANGUP', { actionData: hangupData(leg, sipCode), leg });
  if (!call.legs.some((l) => l.live)) return end(call);
  await call.follow(reply);
}

/** The service gives up on the call (Lambda dead, limits): every leg hangs up with `sipCode`. */
export async function release(call: CallState, sipCode: number, notify = true): Promise<void> {
  if (call.ended || call.releasing) return;
  call.releasing = true;
  call.queue = [];
  call.listId++;
  const live = call.legs.filter((l) => l.live);
  for (const leg of live) {
    leg.status = 'Disconnected';
    leg.disarm();
    leg.phone.emit({ type: 'hangup', by: 'system', sipCode, at: call.env.clock.now() });
  }
  call.current?.abort.abort('hangup');
  call.exchange.note(`call released with SIP ${sipCode}`);
  if (notify && call.env.settings.hangupEventAfterFailure && live[0]) {
    await send(call, 'HANGUP', { actionData: hangupData(live[0], sipCode), leg: live[0] });
  }
  end(call);
}

export function end(call: CallState): void {
  if (call.ended) return;
  call.endedAt = call.env.clock.now();
  call.cancelUnanswered();
  for (const leg of call.legs) leg.disarm();
}
