/**
 * The `expect:` checks of a scenario: each reads the lab's state after the call and says what it found.
 * Counts are of what THIS call left behind (the lab may have run other calls before).
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { labClientConfig } from '../services/sdk';
import type { Lab } from '../index';
import type { PhoneEvent } from '../pstn';
import type { CheckName } from './scenario';

export interface Snapshot {
  voicemails: number;
  recordings: number;
  schedules: number;
  /** every bridge any call made, by LEG-B call id: "<caller ID> to <number dialled>" */
  bridges: Map<string, string>;
  /** calls the system placed (CreateSipMediaApplicationCall), by transaction id: "<from> to <to>" */
  outboundCalls: Map<string, string>;
  /** workflow name → the number it answers, so checks may name a line instead of its number */
  lines: Record<string, string>;
}

export interface CallOutcome {
  transactionId: string;
  events: PhoneEvent[];
  executionStatus?: string;
  executionError?: string;
}

type Check = (
  expected: unknown,
  ctx: { before: Snapshot; after: Snapshot; call: CallOutcome },
) => string | undefined;

const count =
  (field: 'voicemails' | 'recordings' | 'schedules', noun: string): Check =>
  (expected, { before, after }) => {
    const found = after[field] - before[field];
    return found === expected ? undefined : `expected ${String(expected)} new ${noun}, found ${found}`;
  };

/** New entries of a map-valued snapshot field, compared with a list of "<from> to <to>" as a multiset. */
const pairs =
  (field: 'bridges' | 'outboundCalls', noun: string): Check =>
  (expected, { before, after }) => {
    if (!Array.isArray(expected) || !expected.every((e) => typeof e === 'string')) {
      return `write a list of "<from> to <to>" (E.164 numbers or line names), like ["+12065550123 to +12065550100"], or []`;
    }
    const wanted = (expected as string[]).map((pair) =>
      pair.replace(/[^\s]+/g, (word) => after.lines[word] ?? word),
    );
    const found = [...after[field]].filter(([id]) => !before[field].has(id)).map(([, pair]) => pair);
    const sorted = (list: string[]) => [...list].sort().join(', ');
    return sorted(found) === sorted(wanted)
      ? undefined
      : `expected ${noun} [${sorted(wanted)}], found [${sorted(found)}]`;
  };

export const CHECKS: Record<CheckName, Check> = {
  /** bridges made during the scenario: the caller ID the far end saw, and the number dialled */
  bridged: pairs('bridges', 'bridges'),
  /** calls the system placed during the scenario (a scheduled callback), "<from> to <to>" */
  'outbound-calls': pairs('outboundCalls', 'outbound calls'),
  voicemails: count('voicemails', 'voicemail(s)'),
  recordings: count('recordings', 'recording(s)'),
  schedules: count('schedules', 'schedule(s)'),
  execution: (expected, { call }) =>
    call.executionStatus === expected
      ? undefined
      : `expected the workflow to end ${String(expected)}, it is ${call.executionStatus ?? 'not started'}${call.executionError ? ` (${call.executionError})` : ''}`,
  'hangup-by': (expected, { call }) => {
    const hangup = call.events.find((e) => e.type === 'hangup');
    const by = hangup?.type === 'hangup' ? hangup.by : 'nobody';
    return by === expected
      ? undefined
      : `expected the call to be ended by ${String(expected)}, it was ended by ${by}`;
  },
};

export async function snapshot(lab: Lab): Promise<Snapshot> {
  const dynamodb = new DynamoDBClient(labClientConfig(lab.edgeUrl));
  let voicemails = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await dynamodb.send(new ScanCommand({ TableName: lab.tableName, ExclusiveStartKey: start }));
    voicemails += (page.Items ?? []).filter((i) => i.pk?.S?.startsWith('VOICEMAIL#')).length;
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  dynamodb.destroy();
  const recordings = (await lab.store.list(lab.bucketName, 'recordings/')).length;
  const bridges = new Map<string, string>();
  const outboundCalls = new Map<string, string>();
  for (const call of lab.pstn.calls()) {
    if (call.direction === 'Outbound') outboundCalls.set(call.transactionId, `${call.from} to ${call.to}`);
    for (const entry of lab.pstn.log(call.transactionId)) {
      if (entry.kind !== 'event') continue;
      for (const p of entry.event.CallDetails?.Participants ?? []) {
        if (p.ParticipantTag === 'LEG-B') bridges.set(p.CallId, `${p.From} to ${p.To}`);
      }
    }
  }
  return {
    voicemails,
    recordings,
    schedules: lab.scheduler.schedules().length,
    bridges,
    outboundCalls,
    lines: lab.numbers,
  };
}
