/**
 * Which numbers the business line may dial: valid numbers in allowed countries, never premium-rate. Pure.
 * Digits come as the owner keyed them: 10 digits (a NANP number), 1 + 10 digits, or 011 + an international
 * number; or as E.164 (a voicemail's caller).
 */

export type NumberVerdict =
  | { ok: true; number: string; spoken: string }
  | { ok: false; reason: 'invalid' | 'country' | 'premium'; message: string };

/** Country calling code → number prefixes after it that are premium-rate (a small, editable list). */
const PREMIUM: Record<string, string[]> = {
  '1': ['900', '976'],
  '44': ['9', '871', '872', '873'],
  '33': ['89', '81', '82'],
  '49': ['900', '137'],
  '61': ['19'],
};

export function checkNumber(keyed: string, allowedCountries: readonly string[]): NumberVerdict {
  const bare = keyed.replace(/[^0-9]/g, '');
  // an E.164 number (from a voicemail) outside North America reads like an international call
  const digits = keyed.trim().startsWith('+') && !bare.startsWith('1') ? `011${bare}` : bare;
  const international = /^011(\d{7,15})$/.exec(digits);
  let country: string;
  let national: string;
  if (international) {
    const rest = international[1];
    const code = ['1', ...Object.keys(PREMIUM), ...allowedCountries]
      .filter((c) => rest.startsWith(c))
      .sort((a, b) => b.length - a.length)[0];
    if (!code) return { ok: false, reason: 'country', message: 'Calls to that country are not allowed.' };
    country = code;
    national = rest.slice(code.length);
  } else if (/^1?\d{10}$/.test(digits)) {
    country = '1';
    national = digits.length === 11 ? digits.slice(1) : digits;
  } else {
    return { ok: false, reason: 'invalid', message: 'That is not a complete phone number.' };
  }
  if (!allowedCountries.includes(country))
    return { ok: false, reason: 'country', message: 'Calls to that country are not allowed.' };
  if (country === '1') {
    // NANP: NPA-NXX-XXXX, area code and exchange start with 2-9, no N11 service codes
    if (
      !/^[2-9]\d{2}[2-9]\d{6}$/.test(national) ||
      /^[2-9]11/.test(national) ||
      /^\d{3}[2-9]11/.test(national)
    ) {
      return { ok: false, reason: 'invalid', message: 'That is not a valid phone number.' };
    }
    if (PREMIUM['1'].some((p) => national.startsWith(p) || national.slice(3).startsWith(p))) {
      return {
        ok: false,
        reason: 'premium',
        message: 'Premium-rate numbers cannot be dialled from this line.',
      };
    }
  } else {
    if (national.length < 4 || `${country}${national}`.length > 15 || national.startsWith('0')) {
      return { ok: false, reason: 'invalid', message: 'That is not a valid phone number.' };
    }
    if ((PREMIUM[country] ?? []).some((p) => national.startsWith(p))) {
      return {
        ok: false,
        reason: 'premium',
        message: 'Premium-rate numbers cannot be dialled from this line.',
      };
    }
  }
  const number = `+${country}${national}`;
  return { ok: true, number, spoken: spokenNumber(number) };
}

/** "+12065550123" → "2 0 6, 5 5 5, 0 1 2 3" (NANP); others digit by digit in groups of 3. */
export function spokenNumber(e164: string): string {
  const digits = e164.replace(/[^0-9]/g, '');
  const groups =
    digits.length === 11 && digits.startsWith('1')
      ? [digits.slice(1, 4), digits.slice(4, 7), digits.slice(7)]
      : (digits.match(/.{1,3}/g) ?? []);
  return groups.map((g) => g.split('').join(' ')).join(', ');
}
