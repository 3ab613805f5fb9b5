/**
 * What the documentation test needs to know about Markdown: the headings of a page, the anchors GitHub gives
 * them, its relative links, and the `docs/<page>.md §N` references in any text. Pure — no I/O.
 */

/** Headings outside fenced code blocks, without the leading #s. */
export function headings(markdown: string): string[] {
  const found: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) found.push(heading[1]!);
  }
  return found;
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor of a page, with GitHub's -1, -2 … suffixes for repeated headings. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const heading of headings(markdown)) {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** The section number a heading starts with (`8.1` for "8.1 Task tokens", `5` for "5. Timeouts"). */
export function sectionNumber(heading: string): string | undefined {
  return /^(\d+(?:\.\d+)*)\.?(\s|$)/.exec(heading)?.[1];
}

/** Relative link targets of a page (images too), outside code; absolute URLs and mailto: are left out. */
export function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const links: string[] = [];
  for (const match of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1]!;
    if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push(target);
  }
  return links;
}

export interface SectionReference {
  page: string;
  section: string;
}

/** `docs/<page>.md §N` references, including lists and ranges written after one page: `§1.2, §3`, `§2–§3`. */
export function sectionReferences(text: string): SectionReference[] {
  const found: SectionReference[] = [];
  const pattern = /(docs\/[\w./-]+\.md)((?:[ ,]*(?:and|or|–|-)?[ ]*§\s?\d+(?:\.\d+)*)+)/g;
  for (const match of text.matchAll(pattern)) {
    for (const section of match[2]!.matchAll(/§\s?(\d+(?:\.\d+)*)/g)) {
      found.push({ page: match[1]!, section: section[1]!.replace(/\.$/, '') });
    }
  }
  return found;
}
