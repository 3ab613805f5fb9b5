/**
 * A workflow drawn as a graph: a simple layered layout of an ASL definition, computed here (pure) and drawn by
 * the page as SVG. States are placed in rows by their distance from StartAt (breadth first), each row ordered
 * near its parents; a Parallel holds its branches side by side and a Map its item processor, laid out the same
 * way inside the box. Coordinates are absolute pixels.
 */

export interface GraphNode {
  /** The state's name (ASL state names are unique in the whole state machine). */
  name: string;
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** How deep inside Parallel/Map boxes (0 = top level). */
  depth: number;
  /** For Parallel/Map: the name of the box that holds this one. */
  parent?: string;
  /** Parallel/Map: drawn as a box around its states. */
  container: boolean;
}

export type EdgeKind = 'next' | 'choice' | 'default' | 'catch';

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** Start and end points; `back` edges go up or sideways and are drawn around the right side. */
  points: [number, number][];
  back: boolean;
}

export interface Graph {
  width: number;
  height: number;
  startAt: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const NODE = { width: 190, height: 38, gapX: 24, gapY: 44, pad: 14, header: 26, margin: 16 };

interface AslState {
  Type?: string;
  Next?: string;
  Default?: string;
  Choices?: { Next?: string }[];
  Catch?: { Next?: string }[];
  Branches?: AslMachine[];
  ItemProcessor?: AslMachine;
  Iterator?: AslMachine;
}
interface AslMachine {
  StartAt?: string;
  States?: Record<string, AslState>;
}

/** Lays out a definition (JSON text or parsed). Throws a clear error when it is not a state machine. */
export function layoutWorkflow(definition: string | object): Graph {
  const machine = (typeof definition === 'string' ? parse(definition) : definition) as AslMachine;
  if (!machine || typeof machine !== 'object' || !machine.States || typeof machine.States !== 'object') {
    throw new Error('not a state machine: the definition has no "States" object');
  }
  const box = layoutMachine(machine, 0, undefined);
  const placed = place(box, NODE.margin, NODE.margin);
  return {
    width: box.width + 2 * NODE.margin,
    height: box.height + 2 * NODE.margin,
    startAt: machine.StartAt ?? '',
    nodes: placed.nodes,
    edges: placed.edges,
  };
}

/** The states a state can go to next, with why. */
export function transitionsOf(state: AslState): { to: string; kind: EdgeKind }[] {
  const out: { to: string; kind: EdgeKind }[] = [];
  for (const choice of state.Choices ?? []) if (choice.Next) out.push({ to: choice.Next, kind: 'choice' });
  if (state.Default) out.push({ to: state.Default, kind: 'default' });
  if (state.Next) out.push({ to: state.Next, kind: 'next' });
  for (const handler of state.Catch ?? []) if (handler.Next) out.push({ to: handler.Next, kind: 'catch' });
  // one edge per target: the first reason wins (a Choice and its Default may name the same state)
  return out.filter((t, i) => out.findIndex((o) => o.to === t.to) === i);
}

/** Rows of state names: breadth first from StartAt, then anything unreachable, each row ordered near its parents. */
export function layersOf(machine: AslMachine): string[][] {
  const states = machine.States ?? {};
  const names = Object.keys(states);
  const layer = new Map<string, number>();
  const order: string[] = [];
  // the normal flow first (Next, Choices, Default); states reached only through a Catch hang below their source
  const visit = (start: string, base: number, follow: (kind: EdgeKind) => boolean) => {
    const queue: string[] = [start];
    layer.set(start, base);
    while (queue.length) {
      const name = queue.shift()!;
      order.push(name);
      for (const { to, kind } of transitionsOf(states[name] ?? {})) {
        if (!follow(kind) || !(to in states) || layer.has(to)) continue;
        layer.set(to, layer.get(name)! + 1);
        queue.push(to);
      }
    }
  };
  const normal = (kind: EdgeKind) => kind !== 'catch';
  if (machine.StartAt && machine.StartAt in states) visit(machine.StartAt, 0, normal);
  for (let found = true; found;) {
    found = false;
    for (const name of [...order]) {
      for (const { to, kind } of transitionsOf(states[name] ?? {})) {
        if (kind !== 'catch' || !(to in states) || layer.has(to)) continue;
        visit(to, layer.get(name)! + 1, normal);
        found = true;
      }
    }
  }
  for (const name of names) {
    if (!layer.has(name)) visit(name, Math.max(0, ...layer.values()) + 1, () => true);
  }
  const rows: string[][] = [];
  for (const name of order) (rows[layer.get(name)!] ??= []).push(name);
  // order each row by where its parents sit in the rows above (barycentre), keeping discovery order on ties
  const position = new Map<string, number>();
  const parents = new Map<string, number[]>();
  return rows
    .filter((row) => row)
    .map((row) => {
      const ranked = row.map((name, i) => {
        const ps = parents.get(name) ?? [];
        return { name, key: ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : i, i };
      });
      ranked.sort((a, b) => a.key - b.key || a.i - b.i);
      ranked.forEach(({ name }, i) => {
        position.set(name, i);
        for (const { to } of transitionsOf(states[name] ?? {})) {
          if (!position.has(to)) parents.set(to, [...(parents.get(to) ?? []), i]);
        }
      });
      return ranked.map((r) => r.name);
    });
}

// ---- boxes in local coordinates, placed afterwards ------------------------------------------------------------

interface Box {
  width: number;
  height: number;
  /** local nodes (relative to the box) and the sub-boxes of containers */
  items: {
    name: string;
    type: string;
    x: number;
    y: number;
    width: number;
    height: number;
    depth: number;
    parent?: string;
    inner?: Box[];
    innerAt?: [number, number][];
  }[];
  edges: { from: string; to: string; kind: EdgeKind }[];
}

function layoutMachine(machine: AslMachine, depth: number, parent: string | undefined): Box {
  const states = machine.States ?? {};
  const rows = layersOf(machine);
  const sized = new Map<
    string,
    { width: number; height: number; inner?: Box[]; innerAt?: [number, number][] }
  >();
  for (const name of Object.keys(states)) sized.set(name, sizeOf(name, states[name], depth));
  const rowWidths = rows.map(
    (row) => row.reduce((w, n) => w + sized.get(n)!.width, 0) + NODE.gapX * (row.length - 1),
  );
  const width = Math.max(NODE.width, ...rowWidths);
  const items: Box['items'] = [];
  let y = 0;
  rows.forEach((row, r) => {
    let x = (width - rowWidths[r]) / 2;
    const rowHeight = Math.max(...row.map((n) => sized.get(n)!.height));
    for (const name of row) {
      const size = sized.get(name)!;
      items.push({ name, type: states[name]?.Type ?? '?', x, y, depth, parent, ...size });
      x += size.width + NODE.gapX;
    }
    y += rowHeight + NODE.gapY;
  });
  const edges = Object.entries(states).flatMap(([from, state]) =>
    transitionsOf(state)
      .filter((t) => t.to in states)
      .map((t) => ({ from, ...t })),
  );
  return { width, height: Math.max(0, y - NODE.gapY), items, edges };
}

function sizeOf(name: string, state: AslState, depth: number) {
  const inside =
    state.Type === 'Parallel'
      ? (state.Branches ?? [])
      : state.Type === 'Map'
        ? [state.ItemProcessor ?? state.Iterator ?? {}]
        : undefined;
  if (!inside) return { width: NODE.width, height: NODE.height };
  const inner = inside.map((m) => layoutMachine(m, depth + 1, name));
  const innerAt: [number, number][] = [];
  let x = NODE.pad;
  for (const box of inner) {
    innerAt.push([x, NODE.header]);
    x += box.width + NODE.pad;
  }
  const height = NODE.header + Math.max(NODE.height, ...inner.map((b) => b.height)) + NODE.pad;
  return { width: Math.max(NODE.width, x), height, inner, innerAt };
}

function place(box: Box, ox: number, oy: number): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const at = new Map<string, GraphNode>();
  for (const item of box.items) {
    const node: GraphNode = {
      name: item.name,
      type: item.type,
      x: ox + item.x,
      y: oy + item.y,
      width: item.width,
      height: item.height,
      depth: item.depth,
      ...(item.parent ? { parent: item.parent } : {}),
      container: !!item.inner,
    };
    nodes.push(node);
    at.set(item.name, node);
    item.inner?.forEach((inner, i) => {
      const [ix, iy] = item.innerAt![i];
      const sub = place(inner, node.x + ix, node.y + iy);
      nodes.push(...sub.nodes);
      edges.push(...sub.edges);
    });
  }
  for (const { from, to, kind } of box.edges) {
    const a = at.get(from)!;
    const b = at.get(to)!;
    const back = b.y <= a.y;
    const points: [number, number][] = back
      ? [
          [a.x + a.width, a.y + a.height / 2],
          [b.x + b.width, b.y + b.height / 2],
        ]
      : [
          [a.x + a.width / 2, a.y + a.height],
          [b.x + b.width / 2, b.y],
        ];
    edges.push({ from, to, kind, points, back });
  }
  return { nodes, edges };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`the definition is not JSON: ${(e as Error).message}`, { cause: e });
  }
}
