/**
 * When a `cron(min hour day-of-month month day-of-week year)` schedule runs next, in its time zone. Pure.
 * Supports `*`, `?`, lists, ranges, steps and month/day names; `L`, `W` and `#` are accepted by validation
 * but not run by the lab (nextCronRun returns undefined for them).
 */
import { wallClock, zonedTimeToEpoch } from './expression';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** How far ahead to look for a matching day. */
const SEARCH_DAYS = 366 * 5;

/** The first run strictly after `after` (epoch ms), or undefined. */
export function nextCronRun(fields: string[], after: number, zone = 'UTC'): number | undefined {
  const [minutes, hours, doms, months, dows, years] = [
    values(fields[0]!, 0, 59),
    values(fields[1]!, 0, 23),
    values(fields[2]!, 1, 31),
    values(fields[3]!, 1, 12, MONTHS, 1),
    values(fields[4]!, 1, 7, DAYS, 1),
    values(fields[5]!, 1970, 2199),
  ];
  if (!minutes || !hours || !doms || !months || !dows || !years) return undefined;
  const start = wallClock(after, zone);
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const day = new Date(Date.UTC(start.y, start.mo - 1, start.d + i));
    const [y, mo, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
    if (!years.has(y) || !months.has(mo) || !doms.has(d) || !dows.has(day.getUTCDay() + 1)) continue;
    for (const h of [...hours].sort((a, b) => a - b)) {
      for (const mi of [...minutes].sort((a, b) => a - b)) {
        const at = zonedTimeToEpoch({ y, mo, d, h, mi, s: 0 }, zone);
        if (at > after) return at;
      }
    }
  }
  return undefined;
}

/** The values a field allows, or undefined for what the lab does not run (L, W, #). `?` allows all. */
function values(
  field: string,
  min: number,
  max: number,
  names: string[] = [],
  firstName = 0,
): Set<number> | undefined {
  const all = new Set<number>();
  if (field === '*' || field === '?') {
    for (let v = min; v <= max; v++) all.add(v);
    return all;
  }
  const num = (text: string) => {
    const named = names.indexOf(text.toUpperCase());
    return named >= 0 ? named + firstName : /^\d+$/.test(text) ? Number(text) : NaN;
  };
  for (const part of field.split(',')) {
    const m = /^(\*|[A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const from = m[1] === '*' ? min : num(m[1]!);
    const to = m[2] !== undefined ? num(m[2]) : m[3] !== undefined || m[1] === '*' ? max : from;
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    if (![from, to, step].every(Number.isFinite) || from < min || to > max || from > to || step < 1)
      return undefined;
    for (let v = from; v <= to; v += step) all.add(v);
  }
  return all;
}
