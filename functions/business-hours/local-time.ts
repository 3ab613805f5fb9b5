/**
 * Wall-clock time in an IANA time zone (daylight saving included) through `Intl`, and back: which instant a
 * local date and time is. Pure.
 */

export interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  /** minutes since local midnight */
  minutes: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** YYYY-MM-DDTHH:MM:SS, no offset */
  iso: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a RangeError naming the zone when it is not an IANA time zone Intl knows. */
export function checkTimeZone(timeZone: string): void {
  try {
    formatter(timeZone);
  } catch {
    throw new RangeError(`TimeZone "${timeZone}" is not an IANA time zone (like "America/New_York")`);
  }
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localTime(instantMs: number, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instantMs))
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  return {
    date,
    minutes: hour * 60 + minute,
    weekday: new Date(`${date}T00:00:00Z`).getUTCDay(),
    iso: `${date}T${pad(hour)}:${pad(minute)}:${parts.second}`,
  };
}

/** The instant at which the wall clock of `timeZone` shows `date` `minutes` (the later one in a fall-back hour). */
export function instantOf(date: string, minutes: number, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const seen = localTime(guess, timeZone);
    const seenWall = Date.parse(`${seen.date}T00:00:00Z`) + seen.minutes * 60_000;
    guess += wall - seenWall;
  }
  return guess;
}

/** YYYY-MM-DD plus n days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function pad(n: number): string {
  return String(n).padStart(2, '0');
}
