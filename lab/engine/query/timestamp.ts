/** RFC 3339 timestamps as Step Functions accepts them (uppercase T and Z, or a numeric offset). */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;

/** Epoch milliseconds, or undefined if `value` is not a valid RFC 3339 timestamp. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return undefined;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return undefined;
  const ms = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(ms) ? ms : undefined;
}

/** Sub-millisecond precision matters for equality: compare the fraction as a string as well. */
export function timestampKey(value: string): [number, string] | undefined {
  const ms = parseTimestamp(value);
  if (ms === undefined) return undefined;
  const frac = /\.(\d+)/.exec(value)?.[1] ?? '';
  return [ms, frac.slice(3).replace(/0+$/, '')];
}

export function compareTimestamps(a: string, b: string): number | undefined {
  const ka = timestampKey(a);
  const kb = timestampKey(b);
  if (!ka || !kb) return undefined;
  if (ka[0] !== kb[0]) return ka[0] - kb[0];
  return ka[1] < kb[1] ? -1 : ka[1] > kb[1] ? 1 : 0;
}

/**
 * A Wait's timestamp read at run time, as Java's ISO-8601 extended offset date-time parser reads it
 * (AWS's error names that format): `T`/`Z` in either case, seconds and up to nine fraction digits
 * optional, and a day that exists (2016-02-30 is refused). AWS-REC: the second recorded set.
 */
const OFFSET_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-](\d{2}):(\d{2}))$/;

export function parseOffsetDateTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = OFFSET_DATE_TIME.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as number[];
  const second = Number(m[6] ?? 0);
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth) return undefined;
  if (hour! > 23 || minute! > 59 || second > 59) return undefined;
  if (m[9] !== undefined && (Number(m[9]) > 18 || Number(m[10]) > 59)) return undefined;
  const fraction = (m[7] ?? '').slice(0, 4);
  const zone = m[8]!.toUpperCase();
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${fraction}${zone}`;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}
