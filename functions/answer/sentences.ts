/**
 * The first sentence of an answer still being generated, as soon as it is complete, in the form a caller
 * hears it. Pure.
 */

/** Speak's limit: a first sentence longer than this is cut at a word. */
export const MAX_SPOKEN = 1000;

/**
 * The raw first sentence of `text` once it is complete: up to a . ! or ? (and any closing quote or bracket)
 * followed by white space — "$4.50" or "e.g" mid-word do not end it. Undefined while it is still coming.
 */
export function completeFirstSentence(text: string): string | undefined {
  const match = /^[\s\S]*?[.!?]+["')\]]*(?=\s)/.exec(text);
  if (!match) return undefined;
  // a sentence that is only Markdown or a list number ("1." / "**") is not one yet
  return /[\p{L}\p{N}]{2,}/u.test(spoken(match[0])) ? match[0] : undefined;
}

/** Markdown a voice must not read (emphasis, headings, list marks, links, code ticks), and at most MAX_SPOKEN. */
export function spoken(text: string): string {
  const plain = text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, '')
    .replace(/^[ \t]*#{1,6}[ \t]*/gm, '')
    .replace(/^[ \t]*(?:[-*+•]|\d+[.)])[ \t]+/gm, '')
    .replace(/[*_~`>#]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= MAX_SPOKEN) return plain;
  return plain.slice(0, MAX_SPOKEN).replace(/\s+\S*$/, '');
}
