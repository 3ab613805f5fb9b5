/**
 * Running the action list (docs/aws/pstn-audio.md §3.4): the Lambda's reply replaces the list; its actions
 * run one at a time, each on its leg; the result goes back to the Lambda as ACTION_SUCCESSFUL (for the last
 * action, or one that bears a result), ACTION_FAILED (which discards the rest), or ACTION_INTERRUPTED.
 */
import { checkAction, INVALID_LEG_MESSAGE, type Action, type ActionData } from '../../../functions/pstn';
import { runAction, type Outcome, type Stage } from '../actions';
import { INTERRUPTIBLE, participant, RESULT_BEARING } from '../envelope';
import type { Reply } from '../exchange';
import { listen, type Leg } from '../legs';
import type { PhoneEvent } from '../types';
import { disconnect, release } from './ending';
import { answer, arm, bridge } from './leg-events';
import { echo, failureData, send, type CallState, type Running } from './state';

/**
 * Actions whose natural result when their leg hangs up mid-way is a failure (docs/aws/pstn-audio.md §7.2
 * option).
 */
const FAILS_ON_HANGUP: Record<string, { errorType: string; errorMessage: string }> = {
  CallAndBridge: { errorType: 'CallNotAnswered', errorMessage: 'Call not answered' },
};

/** Acts on a reply: new actions replace the list (interrupting, for an update); a dead Lambda ends the call. */
export async function follow(call: CallState, reply: Reply, interrupt = false): Promise<void> {
  if (reply.kind === 'failed') return release(call, 480);
  if (reply.kind === 'limit') return release(call, 480, false);
  if (reply.kind !== 'actions' || call.ended) return;
  call.listId++;
  call.queue = [...reply.actions];
  call.invokingCallId = reply.invokingCallId;
  const interrupts = interrupt || call.env.settings.newListInterrupts === 'always';
  if (interrupts && call.current && INTERRUPTIBLE.has(call.current.action.Type))
    call.current.abort.abort('interrupted');
  if (!call.executing) {
    call.executing = true;
    void execute(call);
  }
}

async function execute(call: CallState): Promise<void> {
  try {
    while (call.queue.length && !call.ended && !call.releasing) await step(call);
  } finally {
    call.executing = false;
  }
}

async function step(call: CallState): Promise<void> {
  const raw = call.queue.shift();
  const listId = call.listId;
  const checked = checkAction(raw, {
    participants: call.legs.map(participant),
    invokingCallId: call.invokingCallId,
    strictCallId: call.env.settings.requireCallId,
  });
  if (!checked.ok) return fail(call, echo(raw), checked.errorType, checked.errorMessage);
  const action = checked.action;
  const leg = target(call, action);
  if (!leg || !leg.live) return fail(call, echo(action), 'InvalidActionParameter', INVALID_LEG_MESSAGE);
  if (action.Type === 'Hangup') {
    return disconnect(call, leg, 'system', action.Parameters.SipResponseCode ?? 0, true);
  }
  if (leg.status === undefined && action.Type !== 'CallAndBridge') answer(call, leg);

  const abort = new AbortController();
  let settle = () => {};
  const running: Running = { action, leg, abort, settled: new Promise<void>((r) => (settle = r)) };
  call.current = running;
  let outcome: Outcome;
  try {
    outcome = await runAction(stage(call, action, leg, abort.signal));
  } catch {
    outcome = {
      kind: 'failed',
      errorType: 'SystemException',
      errorMessage: 'System error while running action.',
    };
  }
  call.current = undefined;
  try {
    await report(call, action, outcome, listId);
  } finally {
    settle();
  }
}

async function report(call: CallState, action: Action, outcome: Outcome, listId: number): Promise<void> {
  const data: ActionData = {
    ...echo(action),
    ...(outcome.kind !== 'failed' ? (outcome.result ?? {}) : {}),
  };
  if (outcome.kind === 'stopped') {
    // its response's actions are ignored (informational only, docs/aws/pstn-audio.md §2.7); a dead Lambda
    // still ends the call
    if (outcome.reason === 'interrupted')
      return follow(call, await send(call, 'ACTION_INTERRUPTED', { actionData: data }));
    if (call.releasing || !call.env.settings.precedeHangupWithActionResult) return;
    const failure = FAILS_ON_HANGUP[action.Type];
    const reply = failure
      ? await send(call, 'ACTION_FAILED', {
          actionData: failureData(data, failure.errorType, failure.errorMessage),
        })
      : await send(call, 'ACTION_SUCCESSFUL', { actionData: data });
    return follow(call, reply);
  }
  // its list was replaced while it ran: its result goes nowhere (docs/aws/pstn-audio.md §3.4)
  if (listId !== call.listId) return;
  if (outcome.kind === 'failed') return fail(call, data, outcome.errorType, outcome.errorMessage);
  if (RESULT_BEARING.has(action.Type) || call.queue.length === 0) {
    await follow(call, await send(call, 'ACTION_SUCCESSFUL', { actionData: data }));
  }
}

/** ACTION_FAILED: the rest of the list is discarded (docs/aws/pstn-audio.md §2.6). */
async function fail(
  call: CallState,
  data: ActionData,
  errorType: string,
  errorMessage: string,
): Promise<void> {
  call.queue = [];
  call.listId++;
  await follow(
    call,
    await send(call, 'ACTION_FAILED', { actionData: failureData(data, errorType, errorMessage) }),
  );
}

function target(call: CallState, action: Action): Leg | undefined {
  const p = action.Parameters as { CallId?: string; ParticipantTag?: string };
  if (p.CallId) return call.legs.find((l) => l.callId === p.CallId);
  if (p.ParticipantTag) return call.legs.find((l) => l.tag === p.ParticipantTag);
  return call.legs.find((l) => l.callId === call.invokingCallId) ?? call.legA;
}

function stage(call: CallState, action: Action, leg: Leg, signal: AbortSignal): Stage {
  const { clock, media, settings } = call.env;
  return {
    action,
    leg,
    transactionId: call.transactionId,
    clock,
    media,
    settings,
    signal,
    emit: (notice) => leg.phone.emit({ ...notice, at: clock.now() } as PhoneEvent),
    onDigit: (listener) => listen(leg.digitListeners, listener),
    onSpeech: (listener) => listen(leg.speechListeners, listener),
    onTyping: (listener) => listen(leg.typingListeners, listener),
    bridge: (request, bridgeSignal) => bridge(call, leg, request, bridgeSignal),
    armReceiveDigits: () => arm(leg, action),
  };
}
