/**
 * The business's opening hours as an admin writes them in the workflow's Init state, checked into a plain
 * weekly table. Ranges are "HH:MM-HH:MM", open from the first minute up to (not including) the second.
 */

export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

export interface HoursInput {
  /** IANA zone, like "America/New_York" */
  TimeZone: string;
  /** weekday name → ranges like ["09:00-12:00", "13:00-17:00"]; a missing or empty day is closed */
  Hours: Record<string, string[]>;
  /** closed dates, YYYY-MM-DD, in the business's zone */
  Holidays?: string[];
}

export interface Range {
  from: number;
  to: number;
}

export interface Week {
  /** index 0 = Sunday; ranges sorted by start, in minutes since midnight */
  days: Range[][];
  holidays: Set<string>;
}

const RANGE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Throws an Error saying which field is wrong and how. */
export function readWeek(input: Pick<HoursInput, 'Hours' | 'Holidays'>): Week {
  if (typeof input.Hours !== 'object' || input.Hours === null || Array.isArray(input.Hours)) {
    throw new Error(
      'Hours must be a mapping from weekday name (Monday…Sunday) to a list of ranges like "09:00-17:00"',
    );
  }
  const days: Range[][] = WEEKDAYS.map(() => []);
  for (const [name, ranges] of Object.entries(input.Hours)) {
    const day = WEEKDAYS.findIndex((d) => d.toLowerCase() === name.toLowerCase());
    if (day < 0) throw new Error(`Hours.${name}: not a weekday (use ${WEEKDAYS.join(', ')})`);
    if (!Array.isArray(ranges))
      throw new Error(`Hours.${name}: must be a list of ranges like ["09:00-17:00"] (empty = closed)`);
    days[day] = ranges.map((r, i) => readRange(r, `Hours.${name}[${i}]`)).sort((a, b) => a.from - b.from);
  }
  const holidays = input.Holidays ?? [];
  if (!Array.isArray(holidays)) throw new Error('Holidays must be a list of dates like "2026-12-25"');
  holidays.forEach((h, i) => {
    if (typeof h !== 'string' || !DATE.test(h))
      throw new Error(`Holidays[${i}]: "${String(h)}" is not a date like "2026-12-25"`);
  });
  return { days, holidays: new Set(holidays) };
}

function readRange(value: unknown, where: string): Range {
  const m = typeof value === 'string' ? RANGE.exec(value.replace(/\s+/g, '')) : null;
  if (!m) throw new Error(`${where}: "${String(value)}" is not a range like "09:00-17:00"`);
  const from = Number(m[1]) * 60 + Number(m[2]);
  const to = Number(m[3]) * 60 + Number(m[4]);
  if (to > 24 * 60) throw new Error(`${where}: "${value}" ends after 24:00`);
  if (to <= from) throw new Error(`${where}: "${value}" ends before it starts`);
  return { from, to };
}
