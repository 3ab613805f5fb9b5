/**
 * The `expect:` checks of a scenario: each reads the lab's state after the call and says what it found.
 * Counts are of what THIS call left behind (the lab may have run other calls before).
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { labClientConfig } from '../services/sdk';
import type { Lab } from '../index';
import type { PhoneEvent } from '../pstn';
import type { OutboxEntry } from '../services/notify';
import { describeMatcher, matcher, matches, ScenarioError, type Matcher } from './scenario';
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
  /** everything in the lab's outbox (what the owner was sent) */
  outbox: OutboxEntry[];
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

/**
 * The notifications sent since the scenario began, one per event: an event's email and SMS carry the same
 * `switchboard-event` label and count as one notification, whose text is all of theirs.
 */
export function notificationsSince(before: Snapshot, after: Snapshot): string[] {
  const seen = new Set(before.outbox.map((e) => e.id));
  const groups = new Map<string, string[]>();
  for (const entry of after.outbox.filter((e) => !seen.has(e.id))) {
    const group = entry.tags['switchboard-event'] ?? entry.id;
    const text = `${entry.channel}: ${entry.subject ? `${entry.subject}\n` : ''}${entry.body}`;
    groups.set(group, [...(groups.get(group) ?? []), text]);
  }
  return [...groups.values()].map((texts) => texts.join('\n---\n'));
}

/** `notifications: 2`, or a list of patterns: one notification matching each, and no others. */
const notifications: Check = (expected, { before, after }) => {
  const sent = notificationsSince(before, after);
  const shown = sent.map((n) => JSON.stringify(n.split('\n')[0])).join(', ') || 'none';
  if (typeof expected === 'number')
    return sent.length === expected
      ? undefined
      : `expected ${expected} notification(s), found ${sent.length}: ${shown}`;
  if (!Array.isArray(expected))
    return 'write a number, or a list of patterns (one notification matching each), like ["/blue chairs/i"]';
  let patterns: Matcher[];
  try {
    patterns = expected.map((p, i) =>
      matcher(p, `[${i}]`, (where, detail) => {
        throw new ScenarioError('', where, detail);
      }),
    );
  } catch (e) {
    return (e as Error).message.replace(/^: /, '');
  }
  const left = [...sent];
  for (const pattern of patterns) {
    const i = left.findIndex((n) => matches(pattern, n));
    if (i < 0) return `no notification matches ${describeMatcher(pattern)}; sent: ${shown}`;
    left.splice(i, 1);
  }
  return left.length === 0
    ? undefined
    : `${left.length} more notification(s) than expected: ${left.map((n) => JSON.stringify(n)).join(', ')}`;
};

export const CHECKS: Record<CheckName, Check> = {
  notifications,
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
    outbox: lab.outbox.entries(),
  };
}
