/**
 * Digit entry rules of Play/SpeakAndGetDigits (docs/aws/pstn-audio.md §4.2, §4.4) and the ReceiveDigits
 * buffer (docs/aws/pstn-audio.md §4.5), as pure decisions. The terminator is not part of ReceivedDigits
 * (UNCONFIRMED), but a regex that expects it (the DG's own example pairs `^\d{2}#$` with TerminatorDigits
 * ["#"]) is tried with it too.
 */
export interface DigitRules {
  min: number;
  max: number;
  terminators: string[];
  regex?: string;
}

export type EntryEnd = 'terminator' | 'max' | 'timeout';

/** The ReceivedDigits of a valid entry, or undefined. No key at all is never a valid entry (UNCONFIRMED). */
export function judgeEntry(
  rules: DigitRules,
  digits: string,
  end: EntryEnd,
  terminator?: string,
): string | undefined {
  if (digits.length === 0 || digits.length < rules.min || digits.length > rules.max) return undefined;
  if (rules.regex === undefined) return digits;
  const pattern = new RegExp(rules.regex);
  if (pattern.test(digits)) return digits;
  if (end === 'terminator' && terminator && pattern.test(digits + terminator)) return digits + terminator;
  return undefined;
}

/** ReceiveDigits: does the buffer match once the caller paused for InBetweenDigitsDurationInMilliseconds? */
export function bufferMatches(regex: string, buffer: string): boolean {
  return buffer.length > 0 && new RegExp(regex).test(buffer);
}
