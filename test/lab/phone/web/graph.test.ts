import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../lab';
import {
  layersOf,
  layoutWorkflow,
  NODE,
  transitionsOf,
  type Graph,
  type GraphNode,
} from '../../../../lab/phone/web/graph';

const frontDesk = readFileSync(join(REPO_ROOT, 'test/lab/phone/web/fixtures/front-desk.asl.json'), 'utf8');
const node = (g: Graph, name: string): GraphNode => {
  const n = g.nodes.find((x) => x.name === name);
  if (!n) throw new Error(`no node ${name}`);
  return n;
};
const inside = (inner: GraphNode, outer: GraphNode) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;
const overlap = (a: GraphNode, b: GraphNode) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('a workflow drawn as a graph', () => {
  it('puts each state in a row by its distance from StartAt, the start at the top', () => {
    const rows = layersOf({
      StartAt: 'Greet',
      States: {
        Greet: { Type: 'Task', Next: 'Open?' },
        'Open?': { Type: 'Choice', Choices: [{ Next: 'Forward' }], Default: 'Voicemail' },
        Forward: { Type: 'Task', Next: 'Done' },
        Voicemail: { Type: 'Task', Next: 'Done' },
        Done: { Type: 'Succeed' },
        Orphan: { Type: 'Pass', End: true },
      },
    } as never);
    expect(rows).toEqual([['Greet'], ['Open?'], ['Forward', 'Voicemail'], ['Done'], ['Orphan']]);
  });

  it('follows the normal flow first: a state reached only through a Catch hangs below the state that catches', () => {
    const rows = layersOf({
      StartAt: 'Greet',
      States: {
        Greet: { Type: 'Task', Next: 'Ask', Catch: [{ Next: 'Caller left' }] },
        Ask: { Type: 'Task', Next: 'Thank', Catch: [{ Next: 'Caller left' }] },
        Thank: { Type: 'Task', Next: 'Done', Catch: [{ Next: 'Caller left' }] },
        Done: { Type: 'Succeed' },
        'Caller left': { Type: 'Succeed' },
      },
    } as never);
    expect(rows).toEqual([['Greet'], ['Ask', 'Caller left'], ['Thank'], ['Done']]);
  });

  it.each([
    [
      'a Choice: each rule, then the Default',
      { Type: 'Choice', Choices: [{ Next: 'A' }, { Next: 'B' }], Default: 'C' },
      ['A:choice', 'B:choice', 'C:default'],
    ],
    [
      'a Task: Next, then each Catch',
      { Type: 'Task', Next: 'A', Catch: [{ Next: 'Fallback' }] },
      ['A:next', 'Fallback:catch'],
    ],
    ['one edge per target', { Type: 'Choice', Choices: [{ Next: 'A' }], Default: 'A' }, ['A:choice']],
    ['an end state: none', { Type: 'Succeed' }, []],
  ])('transitions of %s', (_, state, expected) => {
    expect(transitionsOf(state as never).map((t) => `${t.to}:${t.kind}`)).toEqual(expected);
  });

  it('nests a Parallel’s branches side by side and a Map’s item processor inside their boxes', () => {
    const g = layoutWorkflow(frontDesk);
    const parallel = node(g, 'Look the caller up');
    const map = node(g, 'Tag the call');
    expect(parallel.container && map.container).toBe(true);
    expect(node(g, 'Known caller?').parent).toBe('Look the caller up');
    expect(map.parent).toBe('Look the caller up');
    expect(node(g, 'One tag').parent).toBe('Tag the call');
    expect(inside(node(g, 'Known caller?'), parallel)).toBe(true);
    expect(inside(map, parallel)).toBe(true);
    expect(inside(node(g, 'One tag'), map)).toBe(true);
    expect(node(g, 'Known caller?').x + NODE.width).toBeLessThanOrEqual(map.x); // branches side by side
    expect(node(g, 'One tag').depth).toBe(2);
  });

  it('lays out the business line without overlaps, inside its canvas, with an edge for every transition', () => {
    const definition = JSON.parse(readFileSync(join(REPO_ROOT, 'workflows/business-line.asl.json'), 'utf8'));
    const g = layoutWorkflow(definition);
    expect(g.nodes.map((n) => n.name).sort()).toEqual(Object.keys(definition.States).sort());
    for (const [i, a] of g.nodes.entries()) {
      expect(a.x + a.width).toBeLessThanOrEqual(g.width);
      expect(a.y + a.height).toBeLessThanOrEqual(g.height);
      for (const b of g.nodes.slice(i + 1)) expect(overlap(a, b), `${a.name} overlaps ${b.name}`).toBe(false);
    }
    const expected = Object.entries(definition.States).flatMap(([from, s]) =>
      transitionsOf(s as never).map((t) => `${from}→${t.to}`),
    );
    expect(g.edges.map((e) => `${e.from}→${e.to}`).sort()).toEqual(expected.sort());
    expect(node(g, g.startAt).y).toBe(Math.min(...g.nodes.map((n) => n.y)));
  });

  it('an edge back up the graph is marked, so it is drawn around the side', () => {
    const g = layoutWorkflow({
      StartAt: 'Ask',
      States: {
        Ask: { Type: 'Task', Next: 'Again?' },
        'Again?': { Type: 'Choice', Choices: [{ Next: 'Ask' }], Default: 'Done' },
        Done: { Type: 'Succeed' },
      },
    });
    expect(g.edges.find((e) => e.from === 'Again?' && e.to === 'Ask')?.back).toBe(true);
    expect(g.edges.find((e) => e.from === 'Ask')?.back).toBe(false);
  });

  it('says what is wrong with something that is not a state machine', () => {
    expect(() => layoutWorkflow('{"StartAt": "A"')).toThrow(/the definition is not JSON/);
    expect(() => layoutWorkflow({ StartAt: 'A' })).toThrow(
      'not a state machine: the definition has no "States" object',
    );
  });
});
