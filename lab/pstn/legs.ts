/** A call leg at run time: its wire data, the phone on it, and who is listening to its keys and voice. */
import type { ActionOf } from '../../functions/pstn';
import type { LegData } from './envelope';
import type { Phone } from './phone';

export interface ArmedDigits {
  action: ActionOf<'ReceiveDigits'>;
  buffer: string;
  cancelBetween?: () => void;
  cancelFlush?: () => void;
}

export class Leg implements LegData {
  callId: string;
  tag: 'LEG-A' | 'LEG-B';
  to: string;
  from: string;
  direction: 'Inbound' | 'Outbound';
  startedAt: number;
  status?: 'Connected' | 'Disconnected';
  sipHeaders?: Record<string, string>;
  phone: Phone;
  digitListeners: ((key: string) => boolean)[] = [];
  speechListeners: ((text: string, ms: number, language?: string) => void)[] = [];
  typingListeners: ((on: boolean) => void)[] = [];
  armed?: ArmedDigits;

  constructor(data: LegData, phone: Phone) {
    this.callId = data.callId;
    this.tag = data.tag;
    this.to = data.to;
    this.from = data.from;
    this.direction = data.direction;
    this.startedAt = data.startedAt;
    if (data.status) this.status = data.status;
    if (data.sipHeaders) this.sipHeaders = data.sipHeaders;
    this.phone = phone;
  }

  get live(): boolean {
    return this.status !== 'Disconnected';
  }

  disarm(): void {
    this.armed?.cancelBetween?.();
    this.armed?.cancelFlush?.();
    this.armed = undefined;
  }
}

/** Adds a listener to a list; returns the function that removes it. */
export function listen<T>(list: T[], listener: T): () => void {
  list.push(listener);
  return () => {
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
  };
}
