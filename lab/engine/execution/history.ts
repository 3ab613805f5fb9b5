/** The execution's event list, shaped like GetExecutionHistory. */
import type { HistoryEvent } from '../types';

/** `TaskStateEntered` → `stateEnteredEventDetails`, `MapIterationStarted` → `mapIterationStartedEventDetails`… */
export function detailsKey(type: string): string {
  let key = detailsKeys.get(type);
  if (key === undefined) detailsKeys.set(type, (key = detailsKeyOf(type)));
  return key;
}

/** There are a few dozen event types: each key is worked out once. */
const detailsKeys = new Map<string, string>();

function detailsKeyOf(type: string): string {
  const m = /^(?:Pass|Task|Choice|Wait|Succeed|Fail|Parallel|Map)State(Entered|Exited)$/.exec(type);
  if (m) return `state${m[1]}EventDetails`;
  return type[0]!.toLowerCase() + type.slice(1) + 'EventDetails';
}

/** Each concurrent branch keeps its own cursor, so previousEventId follows causality. */
export interface Cursor {
  last: number;
}

export class History {
  readonly events: HistoryEvent[] = [];
  closed = false;
  constructor(private readonly now: () => number) {}

  add(cursor: Cursor, type: string, details?: Record<string, unknown>): number {
    if (this.closed) return cursor.last;
    const id = this.events.length + 1;
    const event: HistoryEvent = { id, previousEventId: cursor.last, timestamp: this.now(), type };
    if (details !== undefined) event[detailsKey(type)] = details;
    this.events.push(event);
    cursor.last = id;
    return id;
  }
}
