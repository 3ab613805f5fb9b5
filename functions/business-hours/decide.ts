/**
 * Open or closed, and when the business opens next, in words a prompt can speak. Pure: the time comes in.
 */
import { addDays, checkTimeZone, instantOf, localTime, pad, type LocalTime } from './local-time';
import { readWeek, WEEKDAYS, type HoursInput, type Week } from './schedule';

export interface HoursAnswer {
  open: boolean;
  /** the call's time on the business's wall clock, YYYY-MM-DDTHH:MM:SS */
  localTime: string;
  /** e.g. "Monday at 9:30 PM" */
  spokenTime: string;
  /** e.g. "tomorrow at 9 AM"; absent when no opening is found within two weeks */
  nextOpening?: string;
  /** ISO instant of the next opening */
  nextOpeningAt?: string;
  /** when open: the minutes until this range closes */
  closesInMinutes?: number;
}

/** How far ahead to look for the next opening. */
const HORIZON_DAYS = 14;

export function businessHours(input: HoursInput, nowMs: number): HoursAnswer {
  if (typeof input.TimeZone !== 'string') throw new Error('TimeZone is required, like "America/New_York"');
  checkTimeZone(input.TimeZone);
  const week = readWeek(input);
  const now = localTime(nowMs, input.TimeZone);
  const current = rangesOn(week, now.date, now.weekday).find(
    (r) => r.from <= now.minutes && now.minutes < r.to,
  );
  const answer: HoursAnswer = {
    open: current !== undefined,
    localTime: now.iso,
    spokenTime: spokenDayTime(now),
  };
  if (current) answer.closesInMinutes = current.to - now.minutes;
  const next = nextOpening(week, now);
  if (next) {
    const at = instantOf(next.date, next.minutes, input.TimeZone);
    answer.nextOpeningAt = new Date(at).toISOString();
    answer.nextOpening = spokenRelative(now.date, next.date, next.minutes);
  }
  return answer;
}

function rangesOn(week: Week, date: string, weekday: number) {
  return week.holidays.has(date) ? [] : week.days[weekday];
}

/** The first range start after now (a range already running does not count). */
function nextOpening(week: Week, now: LocalTime): { date: string; minutes: number } | undefined {
  for (let d = 0; d <= HORIZON_DAYS; d++) {
    const date = addDays(now.date, d);
    const weekday = (now.weekday + d) % 7;
    const start = rangesOn(week, date, weekday).find((r) => d > 0 || r.from > now.minutes);
    if (start) return { date, minutes: start.from };
  }
  return undefined;
}

export function spokenClock(minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  if (h === 0 && m === 0) return 'midnight';
  if (h === 12 && m === 0) return 'noon';
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  return `${hour12}${m ? `:${pad(m)}` : ''} ${h < 12 ? 'AM' : 'PM'}`;
}

function spokenDayTime(t: LocalTime): string {
  return `${WEEKDAYS[t.weekday]} at ${spokenClock(t.minutes)}`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function spokenRelative(today: string, date: string, minutes: number): string {
  const days = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  const clock = spokenClock(minutes);
  if (days === 0) return `today at ${clock}`;
  if (days === 1) return `tomorrow at ${clock}`;
  const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];
  if (days < 7) return `${weekday} at ${clock}`;
  const [, month, day] = date.split('-').map(Number);
  return `${weekday}, ${MONTHS[month - 1]} ${day} at ${clock}`;
}
