/**
 * How a call starts: an inbound call reaches the Lambda, an outbound one rings its
 * party (docs/aws/pstn-audio.md §2.1, §3.2, §6).
 */
import type { ActionData } from '../../../functions/pstn';
import { follow } from './action-list';
import { end, release } from './ending';
import { attach } from './leg-events';
import { hangupData, send, type CallState } from './state';

export async function startInbound(call: CallState): Promise<void> {
  await follow(call, await send(call, 'NEW_INBOUND_CALL', {}));
  if (call.ended || call.legA.status !== undefined) return;
  // nothing answered the call: the attempt times out (docs/aws/pstn-audio.md §2.1, §3.2)
  call.cancelUnanswered = call.env.clock.setTimer(call.env.settings.unansweredTimeoutSeconds * 1000, () => {
    if (call.legA.status === undefined && !call.executing) void release(call, 480);
  });
}

export async function startOutbound(
  call: CallState,
  args: Record<string, string> | undefined,
): Promise<void> {
  const a = call.legA;
  const data: ActionData | undefined = args
    ? { Type: 'CallCreateRequest', Parameters: { Arguments: { ...args } } }
    : undefined;
  const created = await send(call, 'NEW_OUTBOUND_CALL', data ? { actionData: data } : {});
  if (created.kind === 'failed' || created.kind === 'limit') return release(call, 480);
  const ringing = new AbortController();
  const ring = call.env.phones.ring(
    a.to,
    a.from,
    call.env.settings.outboundRingSeconds * 1000,
    ringing.signal,
    () => a.phone,
  );
  const rang = await send(call, 'RINGING', {});
  if (rang.kind === 'failed' || rang.kind === 'limit') {
    ringing.abort();
    return release(call, 480);
  }
  const result = await ring;
  if (result.kind !== 'answered') {
    a.status = 'Disconnected';
    const code = result.kind === 'declined' ? 486 : 480;
    await send(call, 'HANGUP', { actionData: hangupData(a, code), leg: a });
    return end(call);
  }
  a.status = 'Connected';
  attach(call, a);
  a.phone.emit({ type: 'answered', at: call.env.clock.now() });
  await follow(call, await send(call, 'CALL_ANSWERED', {}));
}

/**
 * UpdateSipMediaApplicationCall (docs/aws/pstn-audio.md §6.2): CALL_UPDATE_REQUESTED; its actions replace the
 * list and interrupt.
 */
export async function update(call: CallState, args: Record<string, string>): Promise<void> {
  const reply = await send(call, 'CALL_UPDATE_REQUESTED', {
    actionData: { Type: 'CallUpdateRequest', Parameters: { Arguments: { ...args } } },
  });
  await follow(call, reply, true);
}
