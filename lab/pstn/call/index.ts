/**
 * One transaction: its legs, the event/response exchange with the Lambda, and the action list it runs
 * (docs/aws/pstn-audio.md §2, §3.4, §7). Invocations are strictly one at a time; the action executor and
 * outside stimuli (an update, matched digits, a hang-up) each send their events through that one queue.
 *
 * The Call holds the call's state (state.ts); what happens to it is in plain functions over that state:
 * starting.ts (how a call starts), action-list.ts (running the action list), leg-events.ts (legs, keys
 * and voices), ending.ts (how a call ends).
 */
import { randomUUID } from 'node:crypto';
import type { CallIdentity } from '../envelope';
import { Exchange, type Reply } from '../exchange';
import { Leg } from '../legs';
import type { Phone } from '../phone';
import type { CallSummary } from '../types';
import { follow } from './action-list';
import { release } from './ending';
import { attach } from './leg-events';
import { startInbound, startOutbound, update } from './starting';
import type { CallEnv, CallState, Running } from './state';

export type { CallEnv } from './state';

export class Call implements CallState {
  readonly identity: CallIdentity;
  readonly direction: 'Inbound' | 'Outbound';
  readonly createdAt: number;
  endedAt?: number;
  legs: Leg[] = [];
  readonly exchange: Exchange;
  // The state the parts work on (state.ts).
  queue: unknown[] = [];
  listId = 0;
  invokingCallId = '';
  current?: Running;
  executing = false;
  releasing = false;
  cancelUnanswered = () => {};

  constructor(
    readonly env: CallEnv,
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
    if (legA.direction === 'Inbound') attach(this, a);
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

  startInbound(): Promise<void> {
    return startInbound(this);
  }

  startOutbound(args: Record<string, string> | undefined): Promise<void> {
    return startOutbound(this, args);
  }

  /**
   * UpdateSipMediaApplicationCall (docs/aws/pstn-audio.md §6.2): CALL_UPDATE_REQUESTED; its actions replace
   * the list and interrupt.
   */
  update(args: Record<string, string>): Promise<void> {
    return update(this, args);
  }

  /** The service gives up on the call (Lambda dead, limits): every leg hangs up with `sipCode`. */
  release(sipCode: number, notify = true): Promise<void> {
    return release(this, sipCode, notify);
  }

  follow(reply: Reply, interrupt = false): Promise<void> {
    return follow(this, reply, interrupt);
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
