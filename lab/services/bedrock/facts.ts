/** Business facts from Markdown: every bullet or paragraph is one fact, under its heading. Pure. */

export interface Fact {
  /** The fact as plain spoken text (Markdown removed). */
  text: string;
  /** The heading it sits under ("Opening hours"), or "" before any. */
  section: string;
}

export interface FactSheet {
  /** The document's title (`# …`): the business name, when the facts file starts with it. */
  title?: string;
  facts: Fact[];
  /** Section headings in order — what the assistant can help with. */
  sections: string[];
}

export function parseFacts(markdown: string): FactSheet {
  const sheet: FactSheet = { facts: [], sections: [] };
  let section = '';
  let paragraph: string[] = [];
  const flush = () => {
    const text = plain(paragraph.join(' '));
    if (text && section) sheet.facts.push({ text: sentence(text), section });
    paragraph = [];
  };
  for (const raw of markdown.replace(/<!--[\s\S]*?-->/g, '').split('\n')) {
    const line = raw.trim();
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      if (heading[1] === '#') {
        // text under the title describes the business; it is a fact, but not a section to offer
        sheet.title ??= plain(heading[2]!);
        section = sheet.title;
      } else {
        section = plain(heading[2]!);
        sheet.sections.push(section);
      }
    } else if (/^([-*+]|\d+[.)])\s+/.test(line)) {
      flush();
      paragraph.push(line.replace(/^([-*+]|\d+[.)])\s+/, ''));
      flush();
    } else if (line === '') flush();
    else paragraph.push(line);
  }
  flush();
  return sheet;
}

/** Merges several fact sheets, dropping repeated facts; the first title wins. */
export function mergeFacts(sheets: FactSheet[]): FactSheet {
  const seen = new Set<string>();
  const facts = sheets
    .flatMap((s) => s.facts)
    .filter((f) => !seen.has(f.text.toLowerCase()) && seen.add(f.text.toLowerCase()));
  const sections = [...new Set(sheets.flatMap((s) => s.sections))];
  const title = sheets.find((s) => s.title)?.title;
  return { ...(title ? { title } : {}), facts, sections };
}

/** Markdown → spoken text: no emphasis marks, code ticks, link targets or headings. */
export function plain(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]+/g, '')
    .replace(/^#+\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
