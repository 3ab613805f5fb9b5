/**
 * The phones the browsers hold: calls they dialled, calls they answered, and the rings waiting for them. Every
 * number a browser is connected as is a 'manual' phone while it is connected (so the owner's phone rings in the
 * page when the business line forwards a call or places a callback); when the last browser of a number leaves,
 * the number goes back to never answering, like any unknown number — unless someone else holds it too (the
 * terminal phone holds the owner's), who keeps hearing it ring.
 */
import { randomUUID } from 'node:crypto';
import type { Lab } from '../../index';
import type { CallerHandle, PhoneEvent, Ringing } from '../../pstn';

export interface PhoneUpdate {
  phoneId: string;
  transactionId: string;
  /** The event's position in the phone's events(), so a page can merge these with a snapshot. */
  index: number;
  event: PhoneEvent;
}

export interface RingUpdate {
  ringId: string;
  from: string;
  to: string;
  /** The call that rings this phone, when the lab can tell (a CallAndBridge to it, or an outbound call to it). */
  transactionId?: string;
}

export interface BrowserPhones {
  dial(line: string, from: string): { phoneId: string; transactionId: string; events: PhoneEvent[] };
  get(phoneId: string): CallerHandle;
  answer(ringId: string): { phoneId: string; transactionId: string; events: PhoneEvent[] };
  decline(ringId: string): void;
  /** A browser connected as `number`; returns what to call when it leaves. */
  connect(number: string): () => void;
  rings(number: string): RingUpdate[];
  /** Drops the rings a PSTN event shows are over (the CallAndBridge finished, the call hung up or was answered). */
  settle(event: unknown): void;
}

type Participant = { From?: string; To?: string; Direction?: string };
type RingEvent = {
  InvocationEventType?: string;
  ActionData?: { Type?: string; Parameters?: { CallerIdNumber?: string; Endpoints?: { Uri?: string }[] } };
  CallDetails?: { Participants?: Participant[] };
};

/**
 * Which rings an event ends (pure): a CallAndBridge's result ends its ring (caller id → endpoint); a HANGUP ends
 * every ring that call placed (its caller id is one of the call's numbers); an outbound call answered or hung up
 * ends its own ring.
 */
export function ringsEndedBy(raw: unknown): { from: string; to?: string }[] {
  const event = (raw ?? {}) as RingEvent;
  const type = event.InvocationEventType ?? '';
  const participants = event.CallDetails?.Participants ?? [];
  const ended: { from: string; to?: string }[] = [];
  const action = event.ActionData;
  if (action?.Type === 'CallAndBridge' && /^ACTION_(SUCCESSFUL|FAILED)$/.test(type)) {
    const from = action.Parameters?.CallerIdNumber;
    for (const endpoint of action.Parameters?.Endpoints ?? [])
      if (from && endpoint.Uri) ended.push({ from, to: endpoint.Uri });
  }
  if (type === 'HANGUP') {
    for (const p of participants) for (const n of [p.From, p.To]) if (n) ended.push({ from: n });
  }
  if (type === 'CALL_ANSWERED' || type === 'HANGUP') {
    for (const p of participants)
      if (p.Direction === 'Outbound' && p.From && p.To) ended.push({ from: p.From, to: p.To });
  }
  return ended;
}

export function createBrowserPhones(
  lab: Lab,
  send: { phone(update: PhoneUpdate): void; ring(update: RingUpdate): void; ringOver(ringId: string): void },
): BrowserPhones {
  const phones = new Map<string, CallerHandle>();
  const rings = new Map<string, Ringing & { ringId: string }>();
  const connected = new Map<string, { count: number; off: () => void }>();

  const hold = (handle: CallerHandle) => {
    const phoneId = handle.callId;
    phones.set(phoneId, handle);
    let index = handle.events().length;
    handle.on((event) => send.phone({ phoneId, transactionId: handle.transactionId, index: index++, event }));
    return { phoneId, transactionId: handle.transactionId, events: handle.events() };
  };

  const ring = (ringId: string) => {
    const ringing = rings.get(ringId);
    if (!ringing)
      throw new NotFound(
        `no phone is ringing with id "${ringId}" (it was answered, declined or stopped ringing)`,
      );
    rings.delete(ringId);
    send.ringOver(ringId);
    return ringing;
  };

  return {
    dial(line, from) {
      return hold(lab.dial(line, from));
    },
    get(phoneId) {
      const handle = phones.get(phoneId);
      if (!handle) throw new NotFound(`no call with id "${phoneId}" on this page`);
      return handle;
    },
    answer(ringId) {
      const ringing = ring(ringId);
      try {
        return hold(ringing.answer());
      } catch (e) {
        throw new NotFound((e as Error).message);
      }
    },
    decline(ringId) {
      ring(ringId).decline();
    },
    connect(number) {
      const entry = connected.get(number);
      if (entry) entry.count++;
      else {
        const off = lab.phone(number, 'manual').onRing((ringing) => {
          const ringId = randomUUID();
          rings.set(ringId, {
            ...ringing,
            answer: () => ringing.answer(),
            decline: () => ringing.decline(),
            ringId,
          });
          const transactionId = callRinging(lab, ringing.to);
          send.ring({
            ringId,
            from: ringing.from,
            to: ringing.to,
            ...(transactionId ? { transactionId } : {}),
          });
        });
        connected.set(number, { count: 1, off });
      }
      return () => {
        const now = connected.get(number);
        if (!now || --now.count > 0) return;
        // another holder of the number (the terminal phone) keeps it ringing; with none, it no longer answers
        now.off();
        connected.delete(number);
      };
    },
    settle(event) {
      for (const end of ringsEndedBy(event)) {
        for (const r of [...rings.values()]) {
          if (r.from !== end.from || (end.to !== undefined && r.to !== end.to)) continue;
          rings.delete(r.ringId);
          send.ringOver(r.ringId);
        }
      }
    },
    rings(number) {
      return [...rings.values()]
        .filter((r) => r.to === number)
        .map(({ ringId, from, to }) => ({ ringId, from, to }));
    },
  };
}

/** The live call that is ringing `to`: an outbound call to it, else the latest call whose last response bridges to it. */
function callRinging(lab: Lab, to: string): string | undefined {
  const live = lab.pstn.calls().filter((c) => c.state !== 'ended');
  const outbound = live.find((c) => c.direction === 'Outbound' && c.to === to && c.state === 'ringing');
  if (outbound) return outbound.transactionId;
  return live
    .filter((c) => {
      const last = lab.pstn.log(c.transactionId).findLast((e) => e.kind === 'response');
      const actions =
        last?.kind === 'response' ? (last.response as { Actions?: unknown[] } | null)?.Actions : undefined;
      return JSON.stringify(actions ?? []).includes(`"Uri":${JSON.stringify(to)}`);
    })
    .sort((a, b) => b.startedAt - a.startedAt)[0]?.transactionId;
}

export class NotFound extends Error {
  override name = 'NotFound';
}
