import { describe, expect, it } from 'vitest';
import { businessHours, createBusinessHours, spokenClock } from '../../../functions/business-hours';

const SETTINGS = {
  TimeZone: 'America/New_York',
  Hours: {
    Monday: ['09:00-12:00', '13:00-17:00'],
    Tuesday: ['09:00-17:00'],
    Wednesday: ['09:00-17:00'],
    Thursday: ['09:00-17:00'],
    Friday: ['09:00-17:00'],
    Saturday: ['10:00-14:00'],
    Sunday: [],
  },
  Holidays: ['2026-12-25'],
};

const at = (iso: string) => businessHours(SETTINGS, Date.parse(iso));

describe('a customer calling at', () => {
  it.each([
    ['the first minute of a range', '2026-11-23T09:00:00-05:00', true],
    ['the minute before a range opens', '2026-11-23T08:59:59-05:00', false],
    ['the last second of a range', '2026-11-23T11:59:59-05:00', true],
    ['the minute a range closes', '2026-11-23T12:00:00-05:00', false],
    ['the start of the afternoon range', '2026-11-23T13:00:00-05:00', true],
    ['closing time', '2026-11-23T17:00:00-05:00', false],
    ['a closed day (Sunday)', '2026-11-22T11:00:00-05:00', false],
    ['a holiday that falls on an open weekday', '2026-12-25T10:00:00-05:00', false],
    ['9:30 in summer time (EDT, UTC-4)', '2026-07-06T13:30:00Z', true],
    ['8:30 in summer time, which a fixed -05:00 offset would call 9:30 open', '2026-07-06T12:30:00Z', false],
    [
      '16:30 in winter time, which a fixed -04:00 offset would call 17:30 closed',
      '2026-11-23T21:30:00Z',
      true,
    ],
  ])('%s is told open=%s', (_, iso, open) => {
    expect(at(iso).open).toBe(open);
  });
});

describe('the next opening, in words', () => {
  it.each([
    ['over lunch', '2026-11-23T12:30:00-05:00', 'today at 1 PM'],
    ['in the evening', '2026-11-23T21:30:00-05:00', 'tomorrow at 9 AM'],
    ['on Saturday afternoon', '2026-11-28T15:00:00-05:00', 'Monday at 9 AM'],
    ['on Christmas Eve night, skipping the holiday', '2026-12-24T20:00:00-05:00', 'Saturday at 10 AM'],
    ['while open, the next range after this one', '2026-11-23T10:00:00-05:00', 'today at 1 PM'],
  ])('%s', (_, iso, words) => {
    expect(at(iso).nextOpening).toBe(words);
  });

  it('is the right instant across the daylight-saving change', () => {
    // Saturday 31 Oct 2026 15:00 EDT; DST ends Sunday 1 Nov; next opening Monday 2 Nov 09:00 EST
    const answer = at('2026-10-31T15:00:00-04:00');
    expect(answer.nextOpening).toBe('Monday at 9 AM');
    expect(answer.nextOpeningAt).toBe('2026-11-02T14:00:00.000Z');
  });

  it('names the date when the next opening is a week or more away', () => {
    const answer = businessHours(
      { ...SETTINGS, Hours: { Monday: ['09:00-17:00'] } },
      Date.parse('2026-11-23T18:00:00-05:00'),
    );
    expect(answer.nextOpening).toBe('Monday, November 30 at 9 AM');
  });

  it('is absent when the business never opens', () => {
    expect(
      businessHours({ ...SETTINGS, Hours: {} }, Date.parse('2026-11-23T10:00:00Z')).nextOpening,
    ).toBeUndefined();
  });
});

describe('the call time on the business wall clock', () => {
  it('is spoken with the weekday, and given as local ISO for schedules', () => {
    const answer = at('2026-11-23T21:30:00-05:00');
    expect(answer.spokenTime).toBe('Monday at 9:30 PM');
    expect(answer.localTime).toBe('2026-11-23T21:30:00');
  });

  it.each([
    [0, 'midnight'],
    [12 * 60, 'noon'],
    [9 * 60, '9 AM'],
    [13 * 60 + 5, '1:05 PM'],
    [23 * 60 + 59, '11:59 PM'],
  ])('%i minutes after midnight is said "%s"', (minutes, words) => {
    expect(spokenClock(minutes)).toBe(words);
  });
});

describe('an admin who writes the settings wrong is told where', () => {
  const handler = createBusinessHours();
  it.each([
    [{ ...SETTINGS, TimeZone: 'Eastern' }, /TimeZone "Eastern" is not an IANA time zone/],
    [{ ...SETTINGS, Hours: { Funday: [] } }, /Hours\.Funday: not a weekday/],
    [{ ...SETTINGS, Hours: { Monday: ['9-5'] } }, /Hours\.Monday\[0\]: "9-5" is not a range/],
    [{ ...SETTINGS, Hours: { Monday: ['17:00-09:00'] } }, /ends before it starts/],
    [{ ...SETTINGS, Holidays: ['25/12/2026'] }, /Holidays\[0\]: "25\/12\/2026" is not a date/],
  ])('%#', async (settings, message) => {
    await expect(handler({ ...settings, Now: '2026-11-23T10:00:00Z' } as never)).rejects.toMatchObject({
      name: 'InvalidHours',
      message: expect.stringMatching(message),
    });
  });

  it('rejects a call time that is not a time', async () => {
    await expect(handler({ ...SETTINGS, Now: 'yesterday' })).rejects.toThrow(
      /Now: "yesterday" is not an ISO date-time/,
    );
  });

  it('accepts epoch milliseconds as the call time', async () => {
    expect((await handler({ ...SETTINGS, Now: Date.parse('2026-11-23T14:00:00Z') })).open).toBe(true);
  });
});
