/**
 * A person with only a clone can follow every reference: no file points outside the repository, every
 * `docs/<page>.md §N` names a page with a heading numbered N, every relative link in the README and docs/
 * resolves (file and #anchor), and the README stays a five-minute read.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchors, headings, relativeLinks, sectionNumber, sectionReferences } from './markdown';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Text files git tracks or would track (new files not yet committed included), relative to the root. */
function repoTextFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return listed
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(ROOT, file)) && statSync(join(ROOT, file)).isFile())
    .filter((file) => !readFileSync(join(ROOT, file)).includes(0));
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** Ways a file can point at notes that live outside the repository (built here so this file does not match). */
const OUTSIDE = [
  ['..', 'shared'].join('/'),
  ['', 'work', ''].join('/'),
  ['DESIGN', '§'].join(' '),
  ['DESIGN', 'md'].join('.'),
  ['reference', 'pstn-audio.md'].join('/'),
  ['reference', 'step-functions.md'].join('/'),
  ['reference', 'landscape.md'].join('/'),
];
/** The engine's conformance cases (test/engine/, wherever the test tree puts that folder). */
const isConformanceCase = (file: string) => /^test\/(.+\/)?engine\//.test(file);

/** A page and the sections that follow it: `docs/aws/pstn-audio.md §4.2, §4.4`. */
const PAGE_GROUP = /docs\/[\w./-]+\.md(?:[ ,]*(?:and|or|–|-)?[ ]*§\s?\d+(?:\.\d+)*)+/g;
const OUTSIDE_SECTION = new RegExp(['reference( [a-z-]+', 'md)? §'].join('\\.'));

describe('references in the repository', () => {
  const files = repoTextFiles();

  it('no file points at notes or paths outside the repository', () => {
    const found: string[] = [];
    for (const file of files) {
      const text = read(file);
      for (const needle of OUTSIDE) {
        const at = text.indexOf(needle);
        if (at >= 0) found.push(`${file}:${lineOf(text, at)}: "${needle}"`);
      }
      const section = OUTSIDE_SECTION.exec(text);
      if (section) found.push(`${file}:${lineOf(text, section.index)}: "${section[0]}"`);
    }
    expect(found).toEqual([]);
  });

  it('every docs/<page>.md §N names a page that has a heading numbered N', () => {
    const numbered = new Map<string, Set<string> | undefined>();
    const sectionsOf = (page: string) => {
      if (!numbered.has(page)) {
        const exists = existsSync(join(ROOT, page));
        const numbers = headings(exists ? read(page) : '').map(sectionNumber);
        numbered.set(page, exists ? new Set(numbers.filter((n): n is string => n !== undefined)) : undefined);
      }
      return numbered.get(page);
    };
    const broken: string[] = [];
    let checked = 0;
    for (const file of files) {
      for (const { page, section } of sectionReferences(read(file))) {
        checked++;
        const sections = sectionsOf(page);
        if (sections === undefined) broken.push(`${file}: ${page} does not exist`);
        else if (!sections.has(section)) broken.push(`${file}: ${page} has no section ${section}`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it("every § outside docs/ names its page (the engine's conformance cases excepted)", () => {
    const bare: string[] = [];
    const exempt = (f: string) =>
      f === 'README.md' || f.startsWith('docs/') || isConformanceCase(f) || f.startsWith('test/docs/');
    for (const file of files.filter((f) => !exempt(f))) {
      const text = read(file).replace(PAGE_GROUP, (group) => ' '.repeat(group.length));
      for (const match of text.matchAll(/§\s?\d/g)) bare.push(`${file}:${lineOf(text, match.index)}`);
    }
    expect(bare).toEqual([]);
  });

  it("the engine's conformance cases cite sections that Step Functions semantics has", () => {
    const page = 'docs/aws/step-functions.md';
    const sections = new Set(headings(read(page)).map(sectionNumber));
    const broken: string[] = [];
    let checked = 0;
    for (const file of files.filter(isConformanceCase)) {
      // bare sections (`ref: '§5.3'`) are of that page; ones that name a page were checked above
      const bare = read(file).replace(PAGE_GROUP, '');
      for (const match of bare.matchAll(/§(\d+(?:\.\d+)*)/g)) {
        checked++;
        if (!sections.has(match[1]!)) broken.push(`${file}: §${match[1]}`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });
});

describe('the README and docs/', () => {
  const pages = repoTextFiles().filter(
    (f) => f === 'README.md' || (f.startsWith('docs/') && f.endsWith('.md')),
  );

  it('every relative link resolves to a file, and every #anchor to a heading of it', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const link of relativeLinks(read(page))) {
        const [path, anchor] = link.split('#') as [string, string | undefined];
        const target = path === '' ? page : relative(ROOT, resolve(ROOT, dirname(page), decodeURI(path)));
        if (!existsSync(join(ROOT, target))) {
          broken.push(`${page}: ${link} (no file ${target})`);
        } else if (anchor !== undefined && !(target.endsWith('.md') && anchors(read(target)).has(anchor))) {
          broken.push(`${page}: ${link} (no heading #${anchor} in ${target})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('every repository path a page names in `code` exists', () => {
    const missing: string[] = [];
    const folders = 'functions|lab|test|infra|bench|workflows|scenarios|prompts|examples|audio|docs';
    const named = new RegExp(`\`((?:${folders})/[^\`\\s]*)\``, 'g');
    for (const page of pages) {
      for (const match of read(page).matchAll(named)) {
        const path = match[1]!;
        if (/[<*…{]/.test(path)) continue; // a pattern, not a path
        if (!existsSync(join(ROOT, path))) missing.push(`${page}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the README is under 250 lines and links every page in docs/', () => {
    const readme = read('README.md');
    expect(readme.split('\n').length).toBeLessThan(250);
    const linked = new Set(relativeLinks(readme).map((link) => link.split('#')[0]));
    const topLevel = pages.filter((p) => p.startsWith('docs/') && p.split('/').length === 2);
    expect(topLevel.filter((p) => !linked.has(p))).toEqual([]);
  });
});
