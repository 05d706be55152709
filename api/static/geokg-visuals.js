// GeoKG web page: the world map (d3-geo + world-atlas), the monthly chart (Chart.js) and the relation graph
// (cytoscape.js). All three libraries are vendored under static/vendor/ (see its README); nothing is fetched
// from other hosts. Each drawing comes with a text alternative: a list or a table with the same data.
'use strict';

const SVG_NS = 'http://www.w3.org/2000/svg';
const MAP_SIZE = { width: 960, height: 480 };
// Sequential blues, light to dark (count buckets); grey for countries without events.
const MAP_COLOURS = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const MAP_EMPTY = '#e3e6ea';
const CLASS_COLOURS = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#aec7e8',
];

let atlasPromise = null;

function loadAtlas() {
  if (!atlasPromise) {
    atlasPromise = fetch('static/vendor/world-atlas/countries-110m.json')
      .then((response) => {
        if (!response.ok) throw new Error(`world map: HTTP ${response.status}`);
        return response.json();
      })
      .then((topology) => topojson.feature(topology, topology.objects.countries).features);
  }
  return atlasPromise;
}

function svg(tag, attrs, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

function bucket(count, max) {
  if (!count) return MAP_EMPTY;
  const index = Math.min(MAP_COLOURS.length - 1, Math.floor((count / (max + 1)) * MAP_COLOURS.length));
  return MAP_COLOURS[index];
}

/** The world map of `overview` (from /api/overview/countries) in `container`; `onSelect(country)` on click. */
async function drawMap(container, overview, onSelect) {
  const features = await loadAtlas();
  const byName = new Map(overview.items.filter((item) => item.atlas_name).map((item) => [item.atlas_name, item]));
  const max = Math.max(0, ...overview.items.map((item) => item.count));
  const projection = d3.geoNaturalEarth1().fitSize([MAP_SIZE.width, MAP_SIZE.height], { type: 'Sphere' });
  const path = d3.geoPath(projection);
  const map = svg('svg', {
    viewBox: `0 0 ${MAP_SIZE.width} ${MAP_SIZE.height}`,
    class: 'world-map',
    role: 'group',
    'aria-label': `World map: events in ${overview.items.length} ${overview.items.length === 1 ? 'country' : 'countries'}`,
  });
  map.append(svg('path', { d: path({ type: 'Sphere' }), class: 'sphere', 'aria-hidden': 'true' }));
  for (const feature of features) {
    const name = feature.properties.name;
    const item = byName.get(name);
    const shape = svg('path', {
      d: path(feature),
      fill: bucket(item ? item.count : 0, max),
      class: item ? 'country has-events' : 'country',
      'data-country': name,
      'data-count': item ? item.count : 0,
    });
    if (item) {
      const label = `${item.label || name}: ${item.count} ${item.count === 1 ? 'event' : 'events'}`;
      shape.setAttribute('tabindex', '0');
      shape.setAttribute('role', 'button');
      shape.setAttribute('aria-label', label);
      shape.append(svg('title', {}, document.createTextNode(label)));
      shape.addEventListener('click', () => onSelect(item));
      shape.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onSelect(item);
        }
      });
    } else {
      shape.setAttribute('aria-hidden', 'true');
    }
    map.append(shape);
  }
  for (const point of overview.points || []) {
    const [x, y] = projection([point.lon, point.lat]);
    const label = `${point.label || point.qid}: ${point.count} ${point.count === 1 ? 'event' : 'events'}`;
    const dot = svg('circle', {
      cx: x.toFixed(1),
      cy: y.toFixed(1),
      r: (3 + 2 * Math.sqrt(point.count)).toFixed(1),
      class: 'place-point',
      tabindex: '0',
      role: 'button',
      'aria-label': label,
      'data-place': point.qid,
    }, svg('title', {}, document.createTextNode(label)));
    dot.addEventListener('click', () => onSelect(point));
    dot.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onSelect(point);
      }
    });
    map.append(dot);
  }
  container.replaceChildren(map);
  return map;
}

let chartCount = 0;

/** A stacked bar chart of events per month by class, with the dead and injured as lines. */
function drawMonthChart(container, months) {
  const canvas = document.createElement('canvas');
  chartCount += 1;
  canvas.id = `month-chart-${chartCount}`;
  canvas.setAttribute('role', 'img');
  const total = months.series.reduce((sum, series) => sum + series.counts.reduce((a, b) => a + b, 0), 0);
  canvas.setAttribute('aria-label', `Events per month by class: ${total} events from ${months.months[0]} to ${months.months[months.months.length - 1]}; the table below has the numbers.`);
  const frame = document.createElement('div');
  frame.className = 'chart-frame';
  frame.append(canvas);
  container.replaceChildren(frame);
  const datasets = months.series.map((series, index) => ({
    type: 'bar',
    label: typeLabel(series.type),
    data: series.counts,
    backgroundColor: CLASS_COLOURS[index % CLASS_COLOURS.length],
    stack: 'events',
    yAxisID: 'y',
  }));
  for (const [key, label, colour] of [['injured', 'Injured', '#b35806'], ['killed', 'Killed', '#000000']]) {
    if (months[key].some((count) => count > 0)) {
      datasets.push({ type: 'line', label, data: months[key], borderColor: colour, backgroundColor: colour, yAxisID: 'people', tension: 0 });
    }
  }
  const hasPeople = datasets.some((dataset) => dataset.yAxisID === 'people');
  const chart = new Chart(canvas, {
    data: { labels: months.months, datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Events' } },
        people: { display: hasPeople, position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'People' } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
  container.append(monthTable(months));
  return chart;
}

function monthTable(months) {
  const head = ['Month', ...months.series.map((series) => typeLabel(series.type)), 'Killed', 'Injured'];
  return h(
    'details',
    { class: 'chart-data' },
    h('summary', {}, 'The numbers as a table'),
    h(
      'div',
      { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Events per month' },
      h(
        'table',
        { class: 'data-table month-table' },
        h('thead', {}, h('tr', {}, head.map((name) => h('th', { scope: 'col' }, name)))),
        h(
          'tbody',
          {},
          months.months.map((month, index) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, month),
              months.series.map((series) => h('td', {}, String(series.counts[index]))),
              h('td', {}, String(months.killed[index])),
              h('td', {}, String(months.injured[index])),
            ),
          ),
        ),
      ),
    ),
  );
}

/** Nodes and edges of an entity's neighbourhood: its standing relations and its co-actors in events. */
function graphData(card) {
  const nodes = new Map([[card.iri, { id: card.iri, label: card.label || card.id, kind: 'self', ref: card }]]);
  const edges = [];
  const addNode = (ref) => {
    if (ref && ref.iri && !nodes.has(ref.iri)) nodes.set(ref.iri, { id: ref.iri, label: ref.label || ref.id, kind: ref.type || 'entity', ref });
  };
  card.relations.forEach((relation, index) => {
    addNode(relation.subject);
    addNode(relation.object);
    edges.push({
      id: `relation-${index}`,
      source: relation.subject.iri,
      target: relation.object.iri,
      label: relationLabel(relation),
      kind: 'relation',
      evidence: relation.evidence || [],
    });
  });
  const coActors = new Map();
  for (const event of card.events) {
    for (const ref of [...(event.actors || []), ...(event.targets || []), ...(event.mediators || [])]) {
      if (!ref || !ref.iri || ref.iri === card.iri) continue;
      const entry = coActors.get(ref.iri) || { ref, events: [], evidence: [] };
      entry.events.push(event);
      entry.evidence.push(...(event.evidence || []));
      coActors.set(ref.iri, entry);
    }
  }
  for (const [iri, entry] of coActors) {
    addNode(entry.ref);
    edges.push({
      id: `events-${edges.length}`,
      source: card.iri,
      target: iri,
      label: `in ${entry.events.length} ${entry.events.length === 1 ? 'event' : 'events'} together`,
      kind: 'events',
      evidence: entry.evidence,
    });
  }
  return { nodes: [...nodes.values()], edges };
}

/** The relation graph in `container`; `onEdge(edge)` opens an edge's evidence (click, or the list below). */
function drawRelationGraph(container, card, onEdge) {
  const data = graphData(card);
  const canvas = h('div', {
    class: 'relation-graph',
    role: 'img',
    'aria-label': `Relation graph of ${card.label || card.id}: ${data.nodes.length - 1} neighbours, ${data.edges.length} connections; the list below has them.`,
  });
  container.replaceChildren(canvas);
  const cy = cytoscape({
    container: canvas,
    elements: [
      ...data.nodes.map((node) => ({ data: { id: node.id, label: node.label, kind: node.kind } })),
      ...data.edges.map((edge) => ({ data: { id: edge.id, source: edge.source, target: edge.target, label: edge.label, kind: edge.kind } })),
    ],
    style: [
      { selector: 'node', style: { label: 'data(label)', 'font-size': 11, 'background-color': '#6baed6', 'text-valign': 'bottom', 'text-margin-y': 4, color: '#1b1f24', width: 18, height: 18 } },
      { selector: 'node[kind = "self"]', style: { 'background-color': '#08519c', width: 28, height: 28, 'font-weight': 'bold' } },
      { selector: 'edge', style: { label: 'data(label)', 'font-size': 9, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', width: 2, 'line-color': '#9aa6b2', 'target-arrow-color': '#9aa6b2', 'text-rotation': 'autorotate', color: '#57606a' } },
      { selector: 'edge[kind = "events"]', style: { 'line-style': 'dashed', 'target-arrow-shape': 'none' } },
      { selector: 'edge:selected', style: { 'line-color': '#e15759', 'target-arrow-color': '#e15759', width: 4 } },
    ],
    layout: { name: 'concentric', concentric: (node) => (node.data('kind') === 'self' ? 2 : 1), levelWidth: () => 1, minNodeSpacing: 30, animate: false },
  });
  const byId = new Map(data.edges.map((edge) => [edge.id, edge]));
  cy.on('tap', 'edge', (event) => onEdge(byId.get(event.target.id())));
  const list = h(
    'ul',
    { class: 'graph-edges' },
    data.edges.map((edge) =>
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', class: 'link-button', 'data-edge': edge.id, onclick: () => { cy.$id(edge.id).select(); onEdge(edge); } },
          `${nodeLabel(data, edge.source)} — ${edge.label} — ${nodeLabel(data, edge.target)}`,
        ),
      ),
    ),
  );
  container.append(h('details', { class: 'graph-list' }, h('summary', {}, `Connections as a list (${data.edges.length})`), list));
  window.geokgGraph = cy;
  return cy;
}

function nodeLabel(data, id) {
  const node = data.nodes.find((candidate) => candidate.id === id);
  return node ? node.label : id;
}
