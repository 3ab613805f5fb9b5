/**
 * Which numbers the business line may dial. Pure. North American numbers are judged by their area code
 * (nanp-area-codes.ts): the regions the admin allows (the 50 states, DC and Canada by default), toll-free
 * always, premium-rate and personal-services codes never. Other countries only when the admin lists their
 * calling code, never their premium-rate ranges.
 * Digits come as the owner keyed them: 10 digits (a NANP number), 1 + 10 digits, or 011 + an international
 * number (011 1 … is a NANP number too); or as E.164 (a voicemail's caller).
 */
import { AREA_REGIONS, PREMIUM_EXCHANGES, SERVICE_CODES, TOLL_FREE } from './nanp-area-codes';

export type RefusalReason = 'invalid' | 'region' | 'country' | 'premium' | 'special';

export type NumberVerdict =
  { ok: true; number: string; spoken: string } | { ok: false; reason: RefusalReason; message: string };

export interface DialRules {
  /** NANP regions allowed: `US` (50 states and DC), `CA`, territories and countries by ISO code (`PR`, `JM`) */
  regions: readonly string[];
  /** Calling codes of other countries allowed (`44`, `33`); `1` is ignored (NANP goes by `regions`). */
  countries: readonly string[];
}

/** Country calling code → number prefixes after it that are premium-rate (a small, editable list). */
const PREMIUM_ABROAD: Record<string, string[]> = {
  '44': ['9', '871', '872', '873'],
  '33': ['89', '81', '82'],
  '49': ['900', '137'],
  '61': ['19'],
};

const REFUSED = {
  invalid: 'That is not a complete phone number.',
  notValid: 'That is not a valid phone number.',
  country: 'Calls to that country are not allowed from this line.',
  premium: 'Premium-rate numbers cannot be dialled from this line.',
  personal: 'Personal and special service numbers cannot be dialled from this line.',
} as const;

const refuse = (reason: RefusalReason, message: string): NumberVerdict => ({ ok: false, reason, message });

export function checkNumber(keyed: string, rules: DialRules): NumberVerdict {
  const bare = keyed.replace(/[^0-9]/g, '');
  // an E.164 number (from a voicemail) outside North America reads like an international call
  const digits = keyed.trim().startsWith('+') && !bare.startsWith('1') ? `011${bare}` : bare;
  const nanp = /^(?:011)?1?(\d{10})$/.exec(digits);
  // 13 digits are 011 + an international number, never 011 + a NANP number without its 1
  if (nanp && digits.length !== 13) return checkNanp(nanp[1], rules);
  const international = /^011([2-9]\d{6,14})$/.exec(digits);
  if (!international) return refuse('invalid', REFUSED.invalid);
  return checkAbroad(international[1], rules);
}

/** A North American number, NPA-NXX-XXXX. */
export function checkNanp(national: string, rules: DialRules): NumberVerdict {
  const area = national.slice(0, 3);
  const exchange = national.slice(3, 6);
  // area code and exchange start with 2-9; no N11 service codes; N9X and 37X/96X are reserved, never assigned
  if (
    !/^[2-9]\d{2}[2-9]\d{6}$/.test(national) ||
    /^[2-9]11$/.test(area) ||
    /^[2-9]11$/.test(exchange) ||
    /^([2-9]9\d|37\d|96\d)$/.test(area)
  ) {
    return refuse('invalid', REFUSED.notValid);
  }
  const service = SERVICE_CODES.get(area);
  if (service === 'premium' || PREMIUM_EXCHANGES.has(exchange)) return refuse('premium', REFUSED.premium);
  if (service) return refuse('special', REFUSED.personal);
  if (!TOLL_FREE.has(area)) {
    // easily recognisable codes (N22, N33 …) are set aside for services, never places
    if (area[1] === area[2]) return refuse('special', REFUSED.personal);
    const place = AREA_REGIONS.get(area) ?? { region: 'US', name: 'the United States' };
    if (!rules.regions.includes(place.region)) {
      return refuse('region', `Calls to ${place.name} are not allowed from this line.`);
    }
  }
  const number = `+1${national}`;
  return { ok: true, number, spoken: spokenNumber(number) };
}

/** A number in another country: calling code, then the national number. */
function checkAbroad(rest: string, rules: DialRules): NumberVerdict {
  const code = rules.countries
    .filter((c) => c !== '1' && rest.startsWith(c))
    .sort((a, b) => b.length - a.length)[0];
  if (!code) return refuse('country', REFUSED.country);
  const national = rest.slice(code.length);
  if (national.length < 4 || national.startsWith('0')) return refuse('invalid', REFUSED.notValid);
  if ((PREMIUM_ABROAD[code] ?? []).some((p) => national.startsWith(p))) {
    return refuse('premium', REFUSED.premium);
  }
  const number = `+${code}${national}`;
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
