/**
 * Guards on the code's shape, read with the TypeScript compiler: no import cycle between files in
 * functions/ or lab/engine (type-only imports and re-exports count: a cycle is a cycle for a reader), and no
 * function in functions/ of 120 lines or more. And package.json's `dependencies` are exactly the packages the
 * deployed functions import; the lab's and the tools' libraries are devDependencies.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAX_FUNCTION_LINES = 120;

/** Every .ts file under `dir` (relative to the repo), recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(dir, file));
}

/** The repo files a file imports, re-exports or loads with import(): relative specifiers only. */
function localImports(file: string, text: string, exists: (file: string) => boolean): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => {
      const base = join(dirname(file), specifier.replace(/\.js$/, ''));
      const found = [`${base}.ts`, join(base, 'index.ts'), base].find(exists);
      if (found === undefined) throw new Error(`${file}: cannot resolve the import '${specifier}'`);
      return found;
    });
}

/** The import cycles (strongly connected components of two or more files, or a file importing itself),
 *  each as its files, sorted. Tarjan's algorithm. */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

/** Every function-like node of a source text, with its name (or kind), first line and length in lines. */
function functionLengths(file: string, text: string): { name: string; line: number; lines: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: { name: string; line: number; lines: number }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const named = node.name !== undefined ? node.name.getText(source) : ts.SyntaxKind[node.kind];
      found.push({ name: named, line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const repoGraph = (dirs: string[]) => {
  const files = dirs.flatMap(sourceFiles);
  const exists = (file: string) => existsSync(join(ROOT, file)) && file.endsWith('.ts');
  return new Map(files.map((f) => [f, localImports(f, readFileSync(join(ROOT, f), 'utf8'), exists)]));
};
const within = (dirs: string[]) => (file: string) =>
  dirs.some((dir) => !relative(dir, file).startsWith('..'));

describe('the import graph', () => {
  it('has no cycle through a file in functions/ or lab/engine', () => {
    // The whole of functions/ and lab/: a cycle that leaves lab/engine and comes back counts too.
    const graph = repoGraph(['functions', 'lab']);
    const guarded = within(['functions', join('lab', 'engine')]);
    const cycles = importCycles(graph).filter((cycle) => cycle.some(guarded));
    expect(cycles, 'files that import each other, directly or through others').toEqual([]);
  });

  it('finds a cycle, however long, and only cycles', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
  });

  it('counts type-only imports and re-exports as edges', () => {
    const text = "import type { A } from './a';\nexport { B } from '../b/index';\nimport x from 'pkg';";
    const exists = (file: string) => ['dir/a.ts', 'b/index.ts'].includes(file);
    expect(localImports('dir/c.ts', text, exists)).toEqual(['dir/a.ts', 'b/index.ts']);
  });
});

describe('functions in functions/', () => {
  it(`are all shorter than ${MAX_FUNCTION_LINES} lines`, () => {
    const lengths = sourceFiles('functions').flatMap((file) =>
      functionLengths(file, readFileSync(join(ROOT, file), 'utf8')).map((f) => ({ ...f, file })),
    );
    const tooLong = lengths
      .filter((f) => f.lines >= MAX_FUNCTION_LINES)
      .map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`);
    expect(tooLong).toEqual([]);
    expect(lengths.length).toBeGreaterThan(100);
  });

  it('are measured from their first to their last line, nested ones too', () => {
    const body = Array.from({ length: 130 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const text = `export function outer() {\n${body}\n  const inner = () => 1;\n}\n`;
    expect(functionLengths('x.ts', text)).toEqual([
      { name: 'outer', line: 1, lines: 133 },
      { name: 'ArrowFunction', line: 132, lines: 1 },
    ]);
  });
});

/** The npm packages a source text imports (`@scope/name` or `name`; not node: built-ins). */
function packagesImported(text: string): string[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'))
    .map((specifier) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/'),
    );
}

describe("package.json's dependencies", () => {
  it('are what the deployed functions import, and nothing else', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const imported = new Set(
      sourceFiles('functions').flatMap((file) => packagesImported(readFileSync(join(ROOT, file), 'utf8'))),
    );
    // a package whose types come from @types/<name> is imported for its types only
    const typesOnly = (name: string) => `@types/${name}` in manifest.devDependencies;
    const needed = [...imported].filter((name) => !typesOnly(name)).sort();
    expect(Object.keys(manifest.dependencies).sort()).toEqual(needed);
  });

  it('reads the package of a scoped or a deep import', () => {
    const text = "import a from '@aws-sdk/client-sqs';\nimport b from 'yaml/util';\nimport c from 'node:fs';";
    expect(packagesImported(text)).toEqual(['@aws-sdk/client-sqs', 'yaml']);
  });
});
