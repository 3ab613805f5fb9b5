/** How long a Speak action's text takes to say. Pure. */

/** A natural speaking rate: about 150 words a minute. */
export const WORDS_PER_MINUTE = 150;
const MS_PER_WORD = 60_000 / WORDS_PER_MINUTE;

/** Pause lengths for SSML `<break strength="…"/>` (Polly: weak ≈ comma, strong ≈ sentence, x-strong ≈ paragraph). */
const BREAK_STRENGTH_MS: Record<string, number> = {
  none: 0,
  'x-weak': 0,
  weak: 250,
  medium: 400,
  strong: 700,
  'x-strong': 1000,
};

/** Polly caps a single break at 10 s. */
const MAX_BREAK_MS = 10_000;

/** Milliseconds it takes to say `text` (plain text or SSML): words at ~150 wpm plus every `<break>`. */
export function speechDurationMs(text: string): number {
  let breaks = 0;
  for (const match of text.matchAll(/<break\b([^>]*)\/?>/gi)) breaks += breakMs(match[1] ?? '');
  const words = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/gi, ' ')
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  return Math.round(words * MS_PER_WORD + breaks);
}

function breakMs(attributes: string): number {
  const time = /\btime\s*=\s*["']\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*["']/i.exec(attributes);
  if (time) return Math.min(MAX_BREAK_MS, Number(time[1]) * (time[2]!.toLowerCase() === 's' ? 1000 : 1));
  const strength = /\bstrength\s*=\s*["']([a-z-]+)["']/i.exec(attributes);
  return BREAK_STRENGTH_MS[strength?.[1]?.toLowerCase() ?? 'medium'] ?? BREAK_STRENGTH_MS.medium!;
}
