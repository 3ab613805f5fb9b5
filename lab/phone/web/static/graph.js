// Draws a laid-out workflow (GET /api/graph/<name>) as SVG and lights it from an execution view:
// class "current" on running states, "visited" on the path taken (data-order = first time entered), "failed"
// on a state that raised an error.
const SVG = 'http://www.w3.org/2000/svg';

function el(name, attrs = {}, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

function fit(text, width) {
  const max = Math.floor(width / 6.2);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function drawGraph(container, graph) {
  container.textContent = '';
  const svg = el(
    'svg',
    { width: graph.width, height: graph.height, viewBox: `0 0 ${graph.width} ${graph.height}` },
    container,
  );
  container.dataset.scale = '1';
  panByDragging(container);
  const defs = el('defs', {}, svg);
  const marker = el(
    'marker',
    {
      id: 'arrow',
      viewBox: '0 0 10 10',
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      orient: 'auto-start-reverse',
    },
    defs,
  );
  el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#8a94a3' }, marker);
  // Parallel/Map boxes at the back, then the edges (so edges inside a box show), then the states
  const boxes = el('g', { class: 'boxes' }, svg);
  const edges = el('g', { class: 'edges' }, svg);
  const nodes = el('g', { class: 'nodes' }, svg);
  const byName = new Map();
  const parentOf = new Map(graph.nodes.filter((n) => n.parent).map((n) => [n.name, n.parent]));
  const inside = (name, container) => {
    for (let p = parentOf.get(name); p; p = parentOf.get(p)) if (p === container) return true;
    return false;
  };
  // outer boxes before inner ones
  const ordered = [...graph.nodes].sort((a, b) => a.depth - b.depth);
  for (const n of ordered) {
    const g = el(
      'g',
      { class: `node${n.container ? ' container' : ''}`, 'data-state': n.name, 'data-type': n.type },
      n.container ? boxes : nodes,
    );
    el('rect', { x: n.x, y: n.y, width: n.width, height: n.height, rx: 6 }, g);
    const title = el('title', {}, g);
    title.textContent = `${n.name} (${n.type})`;
    if (n.container) {
      const t = el('text', { x: n.x + 8, y: n.y + 16 }, g);
      t.textContent = fit(`${n.name} · ${n.type}`, n.width - 16);
    } else {
      const t = el('text', { x: n.x + 8, y: n.y + 16 }, g);
      t.textContent = fit(n.name, n.width - 16);
      const type = el('text', { x: n.x + 8, y: n.y + 30, class: 'type' }, g);
      type.textContent = n.type;
    }
    byName.set(n.name, g);
  }
  for (const e of graph.edges) {
    const [[x1, y1], [x2, y2]] = e.points;
    const d = e.back
      ? `M ${x1} ${y1} C ${Math.max(x1, x2) + 60} ${y1}, ${Math.max(x1, x2) + 60} ${y2}, ${x2} ${y2}`
      : `M ${x1} ${y1} C ${x1} ${(y1 + y2) / 2}, ${x2} ${(y1 + y2) / 2}, ${x2} ${y2}`;
    el(
      'path',
      { d, class: `edge ${e.kind}`, 'data-from': e.from, 'data-to': e.to, 'marker-end': 'url(#arrow)' },
      edges,
    );
  }
  return {
    /** Draws the graph at `scale` (1 = full size), keeping the point at the panel's centre in view. */
    zoom(scale) {
      const s = Math.min(2, Math.max(0.2, scale));
      const cx = (container.scrollLeft + container.clientWidth / 2) / Number(container.dataset.scale);
      const cy = (container.scrollTop + container.clientHeight / 2) / Number(container.dataset.scale);
      svg.setAttribute('width', String(graph.width * s));
      svg.setAttribute('height', String(graph.height * s));
      container.dataset.scale = String(s);
      container.scrollLeft = cx * s - container.clientWidth / 2;
      container.scrollTop = cy * s - container.clientHeight / 2;
      return s;
    },
    /** The scale at which the whole graph fits the panel. */
    fitScale() {
      return Math.min(1, container.clientWidth / graph.width, (container.clientHeight || 400) / graph.height);
    },
    /** Lights the states of an execution view ({path, current, errors}); undefined clears. */
    light(view) {
      const path = view?.path ?? [];
      const current = new Set(view?.current ?? []);
      // a HANGUP is the call ending, not a failure: that state is not drawn as failed
      const failed = new Set(
        (view?.errors ?? [])
          .filter((e) => e.error !== 'HANGUP')
          .map((e) => e.state)
          .filter(Boolean),
      );
      const first = new Map();
      path.forEach((name, i) => first.has(name) || first.set(name, i + 1));
      for (const [name, g] of byName) {
        g.classList.toggle('visited', first.has(name));
        g.classList.toggle('current', current.has(name));
        g.classList.toggle('failed', failed.has(name));
        if (first.has(name)) g.setAttribute('data-order', String(first.get(name)));
        else g.removeAttribute('data-order');
      }
      // a step a → b: b is the next state entered after a, not counting the states inside a (Parallel, Map)
      const steps = new Set();
      path.forEach((from, i) => {
        const next = path.slice(i + 1).find((name) => !inside(name, from));
        if (next) steps.add(`${from}\u0000${next}`);
      });
      for (const p of edges.children)
        p.classList.toggle('taken', steps.has(`${p.dataset.from}\u0000${p.dataset.to}`));
      const live = [...current].map((n) => byName.get(n)).find(Boolean);
      if (live && container.dataset.follow !== 'off') scrollIntoViewIfNeeded(container, live);
    },
  };
}

/** Drag the graph with the mouse (or a finger) to move around a large one. */
function panByDragging(container) {
  if (container.dataset.pan) return;
  container.dataset.pan = 'on';
  let from;
  container.addEventListener('pointerdown', (e) => {
    from = { x: e.clientX, y: e.clientY, left: container.scrollLeft, top: container.scrollTop };
    container.classList.add('panning');
  });
  container.addEventListener('pointermove', (e) => {
    if (!from) return;
    container.scrollLeft = from.left - (e.clientX - from.x);
    container.scrollTop = from.top - (e.clientY - from.y);
  });
  const stop = () => {
    from = undefined;
    container.classList.remove('panning');
  };
  container.addEventListener('pointerup', stop);
  container.addEventListener('pointerleave', stop);
}

function scrollIntoViewIfNeeded(container, g) {
  const scale = Number(container.dataset.scale ?? '1');
  const b = g.getBBox();
  const box = { x: b.x * scale, y: b.y * scale, width: b.width * scale, height: b.height * scale };
  const { scrollLeft, scrollTop, clientWidth, clientHeight } = container;
  if (box.x < scrollLeft || box.x + box.width > scrollLeft + clientWidth)
    container.scrollLeft = Math.max(0, box.x - clientWidth / 2 + box.width / 2);
  if (box.y < scrollTop || box.y + box.height > scrollTop + clientHeight)
    container.scrollTop = Math.max(0, box.y - clientHeight / 2 + box.height / 2);
}
