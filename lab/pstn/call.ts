/**
 * One transaction: its legs, the event/response exchange with the Lambda, and the action list it runs
 * (docs/aws/pstn-audio.md §2, §3.4, §7). Invocations are strictly one at a time; the action executor and
 * outside stimuli (an update, matched digits, a hang-up) each send their events through that one queue.
 */
import { randomUUID } from 'node:crypto';
import {
  checkAction,
  INVALID_LEG_MESSAGE,
  type Action,
  type ActionData,
  type ActionOf,
  type InvocationEventType,
  type PstnEvent,
} from '../../functions/pstn';
import type { Clock } from '../clock';
import { runAction, type BridgeRequest, type BridgeResult, type Outcome, type Stage } from './actions';
import { bufferMatches } from './digits';
import { INTERRUPTIBLE, participant, RESULT_BEARING, type CallIdentity } from './envelope';
import { Exchange, type Reply } from './exchange';
import { Leg, listen } from './legs';
import type { Phone } from './phone';
import type { Phones } from './phones';
import type { CallSummary, LogEntry, PhoneEvent, PstnMedia, PstnSimulatorSettings } from './types';

export interface CallEnv {
  clock: Clock;
  invoke: (event: PstnEvent) => Promise<unknown>;
  media: PstnMedia;
  settings: PstnSimulatorSettings;
  phones: Phones;
  newPhone(ids: { transactionId: string; callId: string }): Phone;
  onLog(transactionId: string, entry: LogEntry): void;
}

interface Running {
  action: Action;
  leg: Leg;
  abort: AbortController;
  settled: Promise<void>;
}

/**
 * Actions whose natural result when their leg hangs up mid-way is a failure (docs/aws/pstn-audio.md §7.2
 * option).
 */
const FAILS_ON_HANGUP: Record<string, { errorType: string; errorMessage: string }> = {
  CallAndBridge: { errorType: 'CallNotAnswered', errorMessage: 'Call not answered' },
};

export class Call {
  readonly identity: CallIdentity;
  readonly direction: 'Inbound' | 'Outbound';
  readonly createdAt: number;
  endedAt?: number;
  legs: Leg[] = [];
  readonly exchange: Exchange;
  private queue: unknown[] = [];
  private listId = 0;
  private invokingCallId = '';
  private current?: Running;
  private executing = false;
  private releasing = false;
  private cancelUnanswered = () => {};

  constructor(
    private env: CallEnv,
    identity: Omit<CallIdentity, 'transactionId'>,
    legA: {
      to: string;
      from: string;
      direction: 'Inbound' | 'Outbound';
      sipHeaders?: Record<string, string>;
    },
    phone?: Phone,
  ) {
    this.identity = { transactionId: randomUUID(), ...identity };
    this.exchange = new Exchange(this.identity, env.clock, env.settings, env.invoke, (entry) =>
      env.onLog(this.identity.transactionId, entry),
    );
    this.direction = legA.direction;
    this.createdAt = env.clock.now();
    const callId = randomUUID();
    const a = new Leg(
      { callId, tag: 'LEG-A', startedAt: this.createdAt, ...legA },
      phone ?? env.newPhone({ transactionId: this.identity.transactionId, callId }),
    );
    this.legs.push(a);
    if (legA.direction === 'Inbound') this.attach(a);
  }

  get transactionId(): string {
    return this.identity.transactionId;
  }
  get legA(): Leg {
    return this.legs[0]!;
  }
  get ended(): boolean {
    return this.endedAt !== undefined;
  }

  // ───────────── how a call starts ─────────────

  async startInbound(): Promise<void> {
    await this.follow(await this.send('NEW_INBOUND_CALL', {}));
    if (this.ended || this.legA.status !== undefined) return;
    // nothing answered the call: the attempt times out (docs/aws/pstn-audio.md §2.1, §3.2)
    this.cancelUnanswered = this.env.clock.setTimer(this.env.settings.unansweredTimeoutSeconds * 1000, () => {
      if (this.legA.status === undefined && !this.executing) void this.release(480);
    });
  }

  async startOutbound(args: Record<string, string> | undefined): Promise<void> {
    const a = this.legA;
    const data: ActionData | undefined = args
      ? { Type: 'CallCreateRequest', Parameters: { Arguments: { ...args } } }
      : undefined;
    const created = await this.send('NEW_OUTBOUND_CALL', data ? { actionData: data } : {});
    if (created.kind === 'failed' || created.kind === 'limit') return this.release(480);
    const ringing = new AbortController();
    const ring = this.env.phones.ring(
      a.to,
      a.from,
      this.env.settings.outboundRingSeconds * 1000,
      ringing.signal,
      () => a.phone,
    );
    const rang = await this.send('RINGING', {});
    if (rang.kind === 'failed' || rang.kind === 'limit') {
      ringing.abort();
      return this.release(480);
    }
    const result = await ring;
    if (result.kind !== 'answered') {
      a.status = 'Disconnected';
      const code = result.kind === 'declined' ? 486 : 480;
      await this.send('HANGUP', { actionData: hangupData(a, code), leg: a });
      return this.end();
    }
    a.status = 'Connected';
    this.attach(a);
    a.phone.emit({ type: 'answered', at: this.env.clock.now() });
    await this.follow(await this.send('CALL_ANSWERED', {}));
  }

  /**
   * UpdateSipMediaApplicationCall (docs/aws/pstn-audio.md §6.2): CALL_UPDATE_REQUESTED; its actions replace
   * the list and interrupt.
   */
  async update(args: Record<string, string>): Promise<void> {
    const reply = await this.send('CALL_UPDATE_REQUESTED', {
      actionData: { Type: 'CallUpdateRequest', Parameters: { Arguments: { ...args } } },
    });
    await this.follow(reply, true);
  }

  // ───────────── the exchange with the Lambda ─────────────

  private send(type: InvocationEventType, opts: { actionData?: ActionData; leg?: Leg }): Promise<Reply> {
    return this.exchange.send(type, () => this.legs, opts.leg ?? this.legA, opts.actionData);
  }

  /** Acts on a reply: new actions replace the list (interrupting, for an update); a dead Lambda ends the call. */
  private async follow(reply: Reply, interrupt = false): Promise<void> {
    if (reply.kind === 'failed') return this.release(480);
    if (reply.kind === 'limit') return this.release(480, false);
    if (reply.kind !== 'actions' || this.ended) return;
    this.listId++;
    this.queue = [...reply.actions];
    this.invokingCallId = reply.invokingCallId;
    const interrupts = interrupt || this.env.settings.newListInterrupts === 'always';
    if (interrupts && this.current && INTERRUPTIBLE.has(this.current.action.Type))
      this.current.abort.abort('interrupted');
    if (!this.executing) {
      this.executing = true;
      void this.execute();
    }
  }

  // ───────────── running the action list ─────────────

  private async execute(): Promise<void> {
    try {
      while (this.queue.length && !this.ended && !this.releasing) await this.step();
    } finally {
      this.executing = false;
    }
  }

  private async step(): Promise<void> {
    const raw = this.queue.shift();
    const listId = this.listId;
    const checked = checkAction(raw, {
      participants: this.legs.map(participant),
      invokingCallId: this.invokingCallId,
    });
    if (!checked.ok) return this.fail(echo(raw), checked.errorType, checked.errorMessage);
    const action = checked.action;
    const leg = this.target(action);
    if (!leg || !leg.live) return this.fail(echo(action), 'InvalidActionParameter', INVALID_LEG_MESSAGE);
    if (action.Type === 'Hangup') {
      return this.disconnect(leg, 'system', action.Parameters.SipResponseCode ?? 0, true);
    }
    if (leg.status === undefined && action.Type !== 'CallAndBridge') this.answer(leg);

    const abort = new AbortController();
    let settle = () => {};
    const running: Running = { action, leg, abort, settled: new Promise<void>((r) => (settle = r)) };
    this.current = running;
    let outcome: Outcome;
    try {
      outcome = await runAction(this.stage(action, leg, abort.signal));
    } catch {
      outcome = {
        kind: 'failed',
        errorType: 'SystemException',
        errorMessage: 'System error while running action.',
      };
    }
    this.current = undefined;
    try {
      await this.report(action, outcome, listId);
    } finally {
      settle();
    }
  }

  private async report(action: Action, outcome: Outcome, listId: number): Promise<void> {
    const data: ActionData = {
      ...echo(action),
      ...(outcome.kind !== 'failed' ? (outcome.result ?? {}) : {}),
    };
    if (outcome.kind === 'stopped') {
      // its response's actions are ignored (informational only, docs/aws/pstn-audio.md §2.7); a dead Lambda
      // still ends the call
      if (outcome.reason === 'interrupted')
        return this.follow(await this.send('ACTION_INTERRUPTED', { actionData: data }));
      if (this.releasing || !this.env.settings.precedeHangupWithActionResult) return;
      const failure = FAILS_ON_HANGUP[action.Type];
      const reply = failure
        ? await this.send('ACTION_FAILED', {
            actionData: failureData(data, failure.errorType, failure.errorMessage),
          })
        : await this.send('ACTION_SUCCESSFUL', { actionData: data });
      return this.follow(reply);
    }
    // its list was replaced while it ran: its result goes nowhere (docs/aws/pstn-audio.md §3.4)
    if (listId !== this.listId) return;
    if (outcome.kind === 'failed') return this.fail(data, outcome.errorType, outcome.errorMessage);
    if (RESULT_BEARING.has(action.Type) || this.queue.length === 0) {
      await this.follow(await this.send('ACTION_SUCCESSFUL', { actionData: data }));
    }
  }

  /** ACTION_FAILED: the rest of the list is discarded (docs/aws/pstn-audio.md §2.6). */
  private async fail(data: ActionData, errorType: string, errorMessage: string): Promise<void> {
    this.queue = [];
    this.listId++;
    await this.follow(
      await this.send('ACTION_FAILED', { actionData: failureData(data, errorType, errorMessage) }),
    );
  }

  private target(action: Action): Leg | undefined {
    const p = action.Parameters as { CallId?: string; ParticipantTag?: string };
    if (p.CallId) return this.legs.find((l) => l.callId === p.CallId);
    if (p.ParticipantTag) return this.legs.find((l) => l.tag === p.ParticipantTag);
    return this.legs.find((l) => l.callId === this.invokingCallId) ?? this.legA;
  }

  private stage(action: Action, leg: Leg, signal: AbortSignal): Stage {
    const { clock, media, settings } = this.env;
    return {
      action,
      leg,
      transactionId: this.transactionId,
      clock,
      media,
      settings,
      signal,
      emit: (notice) => leg.phone.emit({ ...notice, at: clock.now() } as PhoneEvent),
      onDigit: (listener) => listen(leg.digitListeners, listener),
      onSpeech: (listener) => listen(leg.speechListeners, listener),
      bridge: (request, bridgeSignal) => this.bridge(leg, request, bridgeSignal),
      armReceiveDigits: () => this.arm(leg, action),
    };
  }

  private answer(leg: Leg): void {
    leg.status = 'Connected';
    this.cancelUnanswered();
    leg.phone.emit({ type: 'answered', at: this.env.clock.now() });
  }

  // ───────────── legs, keys and voices ─────────────

  private attach(leg: Leg): void {
    leg.phone.attach({
      digit: (key) => this.onDigit(leg, key),
      speech: (text, ms) => this.onSpeech(leg, text, ms),
      hangup: () => this.disconnect(leg, 'caller', 0),
    });
  }

  private onDigit(leg: Leg, key: string): void {
    if (leg.status !== 'Connected') return;
    for (const listener of [...leg.digitListeners].reverse()) if (listener(key)) return;
    const armed = leg.armed;
    if (!armed) return; // DTMF is discarded unless something listens (docs/aws/pstn-audio.md §7.4)
    const { clock } = this.env;
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
      void this.digitsReceived(leg, armed.action, digits);
    });
  }

  private async digitsReceived(leg: Leg, action: Action, digits: string): Promise<void> {
    const reply = await this.send('DIGITS_RECEIVED', {
      actionData: { ...echo(action), ReceivedDigits: digits },
      leg,
    });
    await this.follow(reply);
  }

  private arm(leg: Leg, action: Action): void {
    leg.disarm();
    leg.armed = { action: action as ActionOf<'ReceiveDigits'>, buffer: '' };
  }

  private onSpeech(leg: Leg, text: string, ms: number): void {
    for (const listener of [...leg.speechListeners]) listener(text, ms);
    const other = this.legs.find((l) => l !== leg && l.status === 'Connected');
    if (other && leg.status === 'Connected')
      other.phone.emit({ type: 'prompt', kind: 'voice', text, at: this.env.clock.now() });
  }

  private async bridge(a: Leg, request: BridgeRequest, signal: AbortSignal): Promise<BridgeResult> {
    const callId = randomUUID();
    const result = await this.env.phones.ring(request.to, request.from, request.timeoutMs, signal, () =>
      this.env.newPhone({ transactionId: this.transactionId, callId }),
    );
    if (result.kind === 'cancelled') return 'no-answer';
    if (result.kind !== 'answered') return result.kind;
    const now = this.env.clock.now();
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
    this.legs = [...this.legs.filter((l) => l.tag !== 'LEG-B'), b];
    this.attach(b);
    if (a.status === undefined) this.answer(a);
    b.phone.emit({ type: 'answered', at: now });
    for (const leg of [a, b]) leg.phone.emit({ type: 'bridged', at: now });
    return 'answered';
  }

  // ───────────── how a call ends ─────────────

  /**
   * A leg goes away (its person hung up, or a Hangup action): the action running on it stops (and, by option,
   * reports first), then HANGUP for that leg; its response runs only while another leg is still
   * up (docs/aws/pstn-audio.md §2.8, §7).
   */
  private async disconnect(
    leg: Leg,
    by: 'caller' | 'system',
    sipCode: number,
    fromExecutor = false,
  ): Promise<void> {
    if (!leg.live || this.ended) return;
    leg.status = 'Disconnected';
    leg.disarm();
    leg.phone.emit({ type: 'hangup', by, sipCode, at: this.env.clock.now() });
    const nobody = !this.legs.some((l) => l.live);
    if (nobody) {
      this.queue = [];
      this.listId++;
      this.cancelUnanswered();
    }
    const running = this.current;
    if (running && !fromExecutor && (running.leg === leg || nobody)) {
      running.abort.abort('hangup');
      await running.settled;
    }
    if (this.releasing || this.ended) return;
    const reply = await this.send('HANGUP', { actionData: hangupData(leg, sipCode), leg });
    if (!this.legs.some((l) => l.live)) return this.end();
    await this.follow(reply);
  }

  /** The service gives up on the call (Lambda dead, limits): every leg hangs up with `sipCode`. */
  async release(sipCode: number, notify = true): Promise<void> {
    if (this.ended || this.releasing) return;
    this.releasing = true;
    this.queue = [];
    this.listId++;
    const live = this.legs.filter((l) => l.live);
    for (const leg of live) {
      leg.status = 'Disconnected';
      leg.disarm();
      leg.phone.emit({ type: 'hangup', by: 'system', sipCode, at: this.env.clock.now() });
    }
    this.current?.abort.abort('hangup');
    this.exchange.note(`call released with SIP ${sipCode}`);
    if (notify && this.env.settings.hangupEventAfterFailure && live[0]) {
      await this.send('HANGUP', { actionData: hangupData(live[0], sipCode), leg: live[0] });
    }
    this.end();
  }

  private end(): void {
    if (this.ended) return;
    this.endedAt = this.env.clock.now();
    this.cancelUnanswered();
    for (const leg of this.legs) leg.disarm();
  }

  summary(): CallSummary {
    const a = this.legA;
    return {
      transactionId: this.transactionId,
      direction: this.direction,
      from: a.from,
      to: a.to,
      state: this.ended ? 'ended' : this.legs.some((l) => l.status === 'Connected') ? 'connected' : 'ringing',
      legs: this.legs.map((l) => ({ callId: l.callId, tag: l.tag, status: l.status ?? 'Ringing' })),
      startedAt: this.createdAt,
      ...(this.endedAt !== undefined ? { endedAt: this.endedAt } : {}),
      invocations: this.exchange.invocations,
    };
  }
}

/**
 * ACTION_FAILED's ActionData (docs/aws/pstn-audio.md §1.4): ErrorType + ErrorMessage, except JoinChimeMeeting
 * and StartCallRecording, which carry one `"Error": "<Code>: <message>"`, and ModifyChimeMeetingAttendees,
 * which adds `ErrorList`.
 */
function failureData(data: ActionData, errorType: string, errorMessage: string): ActionData {
  if (data.Type === 'JoinChimeMeeting' || data.Type === 'StartCallRecording')
    return { ...data, Error: `${errorType}: ${errorMessage}` };
  const list = data.Type === 'ModifyChimeMeetingAttendees' ? { ErrorList: [] } : {};
  return { ...data, ErrorType: errorType, ErrorMessage: errorMessage, ...list };
}

function hangupData(leg: Leg, sipCode: number): ActionData {
  return {
    Type: 'Hangup',
    Parameters: { SipResponseCode: sipCode, CallId: leg.callId, ParticipantTag: leg.tag },
  };
}

/** ActionData of an action: its Type and Parameters as given (or as normalised by checkAction). */
function echo(action: unknown): ActionData {
  const a = (action && typeof action === 'object' ? action : {}) as { Type?: unknown; Parameters?: unknown };
  return {
    Type: (typeof a.Type === 'string' ? a.Type : String(a.Type)) as ActionData['Type'],
    Parameters: (a.Parameters && typeof a.Parameters === 'object'
      ? structuredClone(a.Parameters)
      : {}) as Record<string, unknown>,
  };
}
