/**
 * EventBridge Scheduler expressions: `at(yyyy-mm-ddThh:mm:ss)` in a time zone, `rate(n unit)` and
 * `cron(min hour day-of-month month day-of-week year)`. Pure.
 */

export type ScheduleExpression =
  | { kind: 'at'; /** epoch ms */ at: number }
  | { kind: 'rate'; everyMs: number }
  | { kind: 'cron'; fields: string[] };

const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
const RATE = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/;
const CRON = /^cron\((.*)\)$/;
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const CRON_FIELD = [
  /^[0-9*,\-/]+$/, // minutes
  /^[0-9*,\-/]+$/, // hours
  /^(\?|L|LW|[0-9]+W|[0-9*,\-/]+)$/, // day of month
  /^[0-9A-Za-z*,\-/]+$/, // month
  /^(\?|[0-9A-Za-z*,\-/#L]+)$/, // day of week
  /^[0-9*,\-/]+$/, // year
];

/** The expression, or the reason it is invalid. `timezone` is an IANA zone (default UTC). */
export function parseScheduleExpression(
  expression: string,
  timezone = 'UTC',
): ScheduleExpression | { error: string } {
  // UNCONFIRMED: AWS's exact wording for a bad expression; this is the text it is reported to use.
  const invalid = { error: `Invalid Schedule Expression ${expression}.` };
  const at = AT.exec(expression);
  if (at) {
    const [y, mo, d, h, mi, s] = at.slice(1).map(Number) as [number, number, number, number, number, number];
    const probe = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    const real =
      probe.getUTCFullYear() === y &&
      probe.getUTCMonth() === mo - 1 &&
      probe.getUTCDate() === d &&
      h < 24 &&
      mi < 60 &&
      s < 60;
    return real ? { kind: 'at', at: zonedTimeToEpoch({ y, mo, d, h, mi, s }, timezone) } : invalid;
  }
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    if (value < 1) return invalid;
    return { kind: 'rate', everyMs: value * UNIT_MS[rate[2]!.replace(/s$/, '')]! };
  }
  const cron = CRON.exec(expression);
  if (cron) {
    const fields = cron[1]!.trim().split(/\s+/);
    if (fields.length !== 6 || !fields.every((f, i) => CRON_FIELD[i]!.test(f))) return invalid;
    // one of day-of-month and day-of-week must be '?'
    if ((fields[2] === '?') === (fields[4] === '?')) return invalid;
    return { kind: 'cron', fields };
  }
  return invalid;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The instant a wall-clock time names in `zone` (an ambiguous time at a DST change resolves to one of its readings). */
export function zonedTimeToEpoch(
  t: { y: number; mo: number; d: number; h: number; mi: number; s: number },
  zone: string,
): number {
  const asUtc = Date.UTC(t.y, t.mo - 1, t.d, t.h, t.mi, t.s);
  const first = asUtc - offsetMs(asUtc, zone);
  return asUtc - offsetMs(first, zone);
}

/** The wall-clock reading in `zone` at `epoch`. */
export function wallClock(
  epoch: number,
  zone: string,
): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const wall = new Date(Math.floor(epoch / 1000) * 1000 + offsetMs(epoch, zone));
  return {
    y: wall.getUTCFullYear(),
    mo: wall.getUTCMonth() + 1,
    d: wall.getUTCDate(),
    h: wall.getUTCHours(),
    mi: wall.getUTCMinutes(),
    s: wall.getUTCSeconds(),
  };
}

/** How far `zone`'s wall clock is ahead of UTC at `epoch`. */
function offsetMs(epoch: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(epoch);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(epoch / 1000) * 1000;
}
