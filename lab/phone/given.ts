/**
 * A scenario's `given:` block: what the lab already holds when the call starts, so a scenario needs no
 * other file to have run before it. `parseGiven` checks the block (pure); `applyGiven` writes it into the
 * lab through the same AWS APIs and keys the call flows use.
 *
 *   given:
 *     voicemails:             # messages already left, filed as the voicemail indexer files them
 *       - { from: '+13125550142', at: '2026-11-26T11:00:00-05:00', says: 'Hi, it is Sam', seconds: 6 }
 *       # transcribed: true — the voicemail pipeline has already stored its words (its transcript)
 *     pin-lockout: { minutes: 15 }    # the owner's menu is locked (after too many wrong PINs) from `at` on
 *     schedules:              # EventBridge Scheduler one-time schedules already waiting
 *       - { at: '2026-11-25T11:02:00', zone: America/New_York, function: place-call, input: { … } }
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { marshall } from '@aws-sdk/util-dynamodb';
import { spokenClock } from '../../functions/business-hours';
import { RECORDING_PREFIX, voicemailItem } from '../../functions/voicemail-indexer/file';
import type { Lab } from '../index';
import { recordingKey, recordingWav } from '../pstn/recording';
import { labClientConfig, LAB_ACCOUNT_ID, LAB_REGION } from '../services/sdk';
import { transcriptMetadata } from '../services/transcribe';

export interface GivenVoicemail {
  /** a workflow name or number (default: the scenario's line) */
  line?: string;
  from: string;
  /** when it was left, ISO with the business's offset: its wall clock is what the owner hears */
  at: string;
  says: string;
  seconds: number;
  /** the pipeline already transcribed it: the item carries `says` as its transcript */
  transcribed?: boolean;
}

export interface GivenSchedule {
  name?: string;
  /** the wall-clock time it fires, `yyyy-mm-ddThh:mm:ss`, in `zone` */
  at: string;
  zone: string;
  /** a lab function (`place-call`) */
  function: string;
  input: Record<string, unknown>;
}

export interface Given {
  voicemails: GivenVoicemail[];
  pinLockout?: { line?: string; minutes: number };
  schedules: GivenSchedule[];
}

type Fail = (where: string, detail: string) => never;
const E164 = /^\+[1-9]\d{1,14}$/;
const KEYS = ['voicemails', 'pin-lockout', 'schedules'];

export function parseGiven(value: unknown, fail: Fail): Given {
  const given: Given = { voicemails: [], schedules: [] };
  if (value === undefined) return given;
  const block = record(value, 'given', `a mapping of: ${KEYS.join(', ')}`, fail);
  for (const key of Object.keys(block))
    if (!KEYS.includes(key)) fail(`given.${key}`, `unknown field (expected one of: ${KEYS.join(', ')})`);
  given.voicemails = list(block.voicemails, 'given.voicemails', fail).map((v, i) =>
    voicemail(v, `given.voicemails[${i + 1}]`, fail),
  );
  if (block['pin-lockout'] !== undefined) {
    const lock = fields(block['pin-lockout'], 'given.pin-lockout', ['line', 'minutes'], fail);
    given.pinLockout = {
      minutes: lock.minutes === undefined ? 15 : positive(lock.minutes, 'given.pin-lockout.minutes', fail),
      ...(lock.line !== undefined && { line: text(lock.line, 'given.pin-lockout.line', fail) }),
    };
  }
  given.schedules = list(block.schedules, 'given.schedules', fail).map((s, i) =>
    schedule(s, `given.schedules[${i + 1}]`, fail),
  );
  return given;
}

function voicemail(value: unknown, where: string, fail: Fail): GivenVoicemail {
  const v = fields(value, where, ['line', 'from', 'at', 'says', 'seconds', 'transcribed'], fail);
  if (v.transcribed !== undefined && typeof v.transcribed !== 'boolean')
    fail(`${where}.transcribed`, 'true or false');
  const from = text(v.from, `${where}.from`, fail);
  if (!E164.test(from)) fail(`${where}.from`, `"${from}" is not an E.164 number; quote it in YAML`);
  const at =
    v.at instanceof Date
      ? fail(`${where}.at`, 'quote the time, with its offset: "2026-11-26T11:00:00-05:00"')
      : text(v.at, `${where}.at`, fail);
  if (!/[+-]\d\d:\d\d$|Z$/.test(at) || !Number.isFinite(Date.parse(at)))
    fail(`${where}.at`, `"${at}" is not a time with its offset, like "2026-11-26T11:00:00-05:00"`);
  return {
    from,
    at,
    says: text(v.says, `${where}.says`, fail),
    seconds: v.seconds === undefined ? 5 : positive(v.seconds, `${where}.seconds`, fail),
    ...(v.line !== undefined && { line: text(v.line, `${where}.line`, fail) }),
    ...(v.transcribed === true && { transcribed: true }),
  };
}

function schedule(value: unknown, where: string, fail: Fail): GivenSchedule {
  const s = fields(value, where, ['name', 'at', 'zone', 'function', 'input'], fail);
  const at = text(s.at, `${where}.at`, fail);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(at))
    fail(
      `${where}.at`,
      `"${at}" is not a wall-clock time like "2026-11-25T11:02:00" (the zone goes in zone:)`,
    );
  return {
    at,
    zone: s.zone === undefined ? 'UTC' : text(s.zone, `${where}.zone`, fail),
    function: text(s.function, `${where}.function`, fail),
    input: record(s.input ?? {}, `${where}.input`, 'a mapping: the JSON the function receives', fail),
    ...(s.name !== undefined && { name: text(s.name, `${where}.name`, fail) }),
  };
}

function fields(value: unknown, where: string, allowed: string[], fail: Fail): Record<string, unknown> {
  const r = record(value, where, `a mapping of: ${allowed.join(', ')}`, fail);
  for (const key of Object.keys(r))
    if (!allowed.includes(key))
      fail(`${where}.${key}`, `unknown field (expected one of: ${allowed.join(', ')})`);
  return r;
}

function record(value: unknown, where: string, what: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, `must be ${what}`);
  return value as Record<string, unknown>;
}

function list(value: unknown, where: string, fail: Fail): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(where, 'must be a list');
  return value as unknown[];
}

function text(value: unknown, where: string, fail: Fail): string {
  if (typeof value !== 'string' || !value)
    fail(
      where,
      value === undefined ? 'is required' : `must be a non-empty string, got ${JSON.stringify(value)}`,
    );
  return value as string;
}

function positive(value: unknown, where: string, fail: Fail): number {
  if (typeof value !== 'number' || !(value > 0))
    fail(where, `must be a number > 0, got ${JSON.stringify(value)}`);
  return value as number;
}

/** "Thursday at 11 AM" for "2026-11-26T11:00:00-05:00": the wall clock as written, in the owner's words. */
export function spokenWallClock(at: string): string {
  const m = /T(\d\d):(\d\d)/.exec(at)!;
  const offset = /([+-])(\d\d):(\d\d)$/.exec(at);
  const shift = offset ? (offset[1] === '+' ? 1 : -1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  const weekday = new Date(Date.parse(at) + shift * 60_000).getUTCDay();
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  return `${days[weekday]} at ${spokenClock(Number(m[1]) * 60 + Number(m[2]))}`;
}

export async function applyGiven(lab: Lab, given: Given, scenarioLine: string): Promise<void> {
  const config = labClientConfig(lab.edgeUrl);
  const dynamodb = new DynamoDBClient(config);
  const numberOf = (line: string | undefined) => lab.numbers[line ?? scenarioLine] ?? line ?? scenarioLine;
  try {
    for (const [i, v] of given.voicemails.entries()) {
      const transactionId = `given-voicemail-${i + 1}-${Date.parse(v.at)}`;
      const receivedAt = new Date(Date.parse(v.at)).toISOString();
      const key = recordingKey(RECORDING_PREFIX, transactionId, 'given', Date.parse(v.at));
      const wav = recordingWav(v.seconds * 1000, [{ from: 0, to: v.seconds * 1000 }]);
      const note = { line: numberOf(v.line), caller: v.from, receivedAt, spokenTime: spokenWallClock(v.at) };
      const item = voicemailItem(
        { bucket: lab.bucketName, key, size: wav.length },
        transactionId,
        note,
        Date.parse(v.at),
        90,
      );
      // the workflow's note and the filed item first, so the indexer the upload triggers reaches the same
      // item and changes nothing
      const noteItem = {
        pk: `RECORDING#${transactionId}`,
        sk: 'voicemail',
        ...note,
        voicemailExpiresAt: item.expiresAt,
      };
      await dynamodb.send(new PutItemCommand({ TableName: lab.tableName, Item: marshall(noteItem) }));
      const words = v.transcribed ? { transcript: v.says, transcriptStatus: 'available' } : {};
      await dynamodb.send(
        new PutItemCommand({ TableName: lab.tableName, Item: marshall({ ...item, ...words }) }),
      );
      await lab.store.put(lab.bucketName, key, wav, {
        contentType: 'audio/wav',
        metadata: transcriptMetadata(v.says),
      });
    }
    if (given.pinLockout) {
      const lockedUntil = Math.floor(lab.clock.now() / 1000) + given.pinLockout.minutes * 60;
      const item = {
        pk: `PINLOCK#${numberOf(given.pinLockout.line)}`,
        sk: 'owner',
        // as owner-pin leaves it after a first lock (functions/owner-pin/lockout.ts)
        failures: 0,
        lockouts: 1,
        blocked: false,
        lockedUntil,
      };
      await dynamodb.send(new PutItemCommand({ TableName: lab.tableName, Item: marshall(item) }));
    }
  } finally {
    dynamodb.destroy();
  }
  if (given.schedules.length > 0) await createSchedules(lab, given.schedules);
}

async function createSchedules(lab: Lab, schedules: GivenSchedule[]): Promise<void> {
  const scheduler = new SchedulerClient(labClientConfig(lab.edgeUrl));
  try {
    for (const [i, s] of schedules.entries()) {
      await scheduler.send(
        new CreateScheduleCommand({
          Name: s.name ?? `given-${i + 1}`,
          GroupName: lab.scheduleGroup,
          ScheduleExpression: `at(${s.at})`,
          ScheduleExpressionTimezone: s.zone,
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: `arn:aws:lambda:${LAB_REGION}:${LAB_ACCOUNT_ID}:function:${s.function}`,
            RoleArn: `arn:aws:iam::${LAB_ACCOUNT_ID}:role/switchboard-lab-scheduler`,
            Input: JSON.stringify(s.input),
          },
        }),
      );
    }
  } finally {
    scheduler.destroy();
  }
}
