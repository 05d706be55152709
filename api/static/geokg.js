// GeoKG web page: entity search and cards, event timelines and filters, article view, SPARQL editor.
// Plain DOM, no libraries. All text from the server goes in as text nodes or attributes (never as HTML),
// and links are built only from '#…' fragments and http(s) URLs.
// The state of the page lives in the URL fragment (#entity=Q403, #view=events&type=Clash, …) so that a
// view can be shared by copying the address.
'use strict';

const EVENTS_PAGE = 25;
const SEARCH_PAGE = 20;
const MAX_TABLE_ROWS = 2000;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const ENTITY_ID = /\/id\/entity\/([A-Za-z0-9][A-Za-z0-9._-]*)$/;
const EVENT_ID = /\/id\/event\/([A-Za-z0-9][A-Za-z0-9._-]*)$/;
const ARTICLE_ID = /\/id\/article\/([A-Za-z0-9][A-Za-z0-9._-]*)$/;
const QID = /^Q[1-9][0-9]*$/;
// Characters that cannot occur inside <…> in SPARQL: IRIs with them are never put into a query.
const SAFE_IRI = /^https?:\/\/[^\s<>"{}|\\^`]+$/;

const SPARQL_PREFIXES = `PREFIX gk: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX wd: <http://www.wikidata.org/entity/>
`;

const EXAMPLES = [
  {
    title: 'Our entity for a Wikidata QID (Serbia, Q403)',
    query: `${SPARQL_PREFIXES}
SELECT DISTINCT ?entity ?label WHERE {
  ?entity owl:sameAs wd:Q403 .
  OPTIONAL { ?entity rdfs:label ?label }
}`,
  },
  {
    title: 'Incidents with casualties, and the sentence that reports them',
    query: `${SPARQL_PREFIXES}
SELECT ?event ?type ?date ?killed ?injured ?sentence WHERE {
  ?event gk:evidence ?evidence ; a ?type .
  ?evidence gk:sentence ?sentence .
  OPTIONAL { ?event gk:date ?date }
  OPTIONAL { ?event gk:killed ?killed }
  OPTIONAL { ?event gk:injured ?injured }
  FILTER(BOUND(?killed) || BOUND(?injured))
  FILTER(STRSTARTS(STR(?type), STR(gk:)))
}
ORDER BY ?date`,
  },
  {
    title: 'Who condemned, accused or denied what, and when',
    query: `${SPARQL_PREFIXES}
SELECT ?date ?kind ?actorLabel ?targetLabel ?sentence WHERE {
  VALUES ?kind { gk:Condemnation gk:Accusation gk:Denial }
  ?event a ?kind ; gk:actor ?actor ; gk:evidence/gk:sentence ?sentence .
  ?actor rdfs:label ?actorLabel .
  OPTIONAL { ?event gk:target/rdfs:label ?targetLabel }
  OPTIONAL { ?event gk:date ?date }
}
ORDER BY DESC(?date)`,
  },
  {
    title: 'Standing relations (memberships, non-recognition, posts) with their QIDs',
    query: `${SPARQL_PREFIXES}
SELECT DISTINCT ?subjectLabel ?relation ?objectLabel ?subjectQid ?objectQid ?since WHERE {
  ?statement a gk:Statement ; gk:subject ?subject ; gk:predicate ?relation ; gk:object ?object .
  ?subject rdfs:label ?subjectLabel .
  ?object rdfs:label ?objectLabel .
  OPTIONAL { ?subject owl:sameAs ?subjectQid }
  OPTIONAL { ?object owl:sameAs ?objectQid }
  OPTIONAL { ?statement gk:since ?since }
}
ORDER BY ?relation ?subjectLabel`,
  },
  {
    title: 'Who held which post on a date (as the articles state it)',
    query: `${SPARQL_PREFIXES}
# From \`since\` (or the first article that reports it) to \`until\`; dates of any precision.
SELECT ?personLabel ?role ?orgLabel ?since ?until ?reported WHERE {
  ?s a gk:Statement ; gk:subject ?person ; gk:predicate gk:holdsPosition ; gk:object ?org .
  OPTIONAL { ?s gk:role ?role } OPTIONAL { ?s gk:since ?since } OPTIONAL { ?s gk:until ?until }
  { SELECT ?s (MIN(STR(?issued)) AS ?reported) WHERE {
      ?s gk:evidence/gk:article ?a . GRAPH ?a { ?a dcterms:issued ?issued } } GROUP BY ?s }
  BIND("2023-12-01" AS ?day)
  FILTER(COALESCE(STR(?since), ?reported) <= ?day)
  FILTER(!BOUND(?until) || ?day <= CONCAT(STR(?until), "~"))
  OPTIONAL { ?person rdfs:label ?personLabel } OPTIONAL { ?org rdfs:label ?orgLabel }
}
ORDER BY ?orgLabel ?personLabel`,
  },
  {
    title: 'Events per type',
    query: `${SPARQL_PREFIXES}
SELECT ?type (COUNT(DISTINCT ?event) AS ?events) WHERE {
  ?event gk:evidence ?evidence ; a ?type .
  # Standing relations (gk:Statement) carry evidence too; public statements are gk:PublicStatement.
  FILTER(STRSTARTS(STR(?type), STR(gk:)) && ?type != gk:Statement)
}
GROUP BY ?type
ORDER BY DESC(?events)`,
  },
  {
    title: 'Articles, newest first',
    query: `${SPARQL_PREFIXES}
SELECT ?article ?published ?title WHERE {
  GRAPH ?article { ?article a gk:Article . OPTIONAL { ?article dcterms:title ?title }
                   OPTIONAL { ?article dcterms:issued ?published } }
}
ORDER BY DESC(STR(?published))`,
  },
];

// ---------------------------------------------------------------------------------------------------------
// DOM helpers

/** An element with attributes and children; strings become text nodes, never markup. */
function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
  return parent;
}

function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** The URL itself when it is a fragment of this page or an http(s) URL, else null. */
function safeHref(url) {
  if (typeof url !== 'string') return null;
  if (url.startsWith('#')) return url;
  return /^https?:\/\//i.test(url) ? url : null;
}

/** A link when the URL is safe, else just the text. */
function link(url, text, attrs) {
  const href = safeHref(url);
  return href ? h('a', { ...attrs, href }, text) : h('span', {}, text);
}

function byId(id) {
  return document.getElementById(id);
}

function announce(message) {
  const announcer = byId('announcer');
  announcer.textContent = '';
  // A fresh text node after a tick makes screen readers speak repeated messages too.
  window.setTimeout(() => { announcer.textContent = message; }, 50);
}

function loading(container, message) {
  container.setAttribute('aria-busy', 'true');
  replace(container, h('p', { class: 'muted loading' }, message || 'Loading…'));
}

function done(container) {
  container.removeAttribute('aria-busy');
}

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many || `${one}s`}`;
}

/** "CallForDialogue" -> "Call for dialogue" (the same words as the page's filters). */
function typeLabel(name) {
  if (!name) return 'Unknown';
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').split(' ');
  return [words[0], ...words.slice(1).map((word) => word.toLowerCase())].join(' ');
}

// ---------------------------------------------------------------------------------------------------------
// Talking to the API

class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

/** The body of a response; an ApiError carrying the problem+json title and detail for any error. */
async function readResponse(response) {
  const type = response.headers.get('Content-Type') || '';
  if (!response.ok) {
    let title = response.statusText || `HTTP ${response.status}`;
    let detail = '';
    if (type.includes('json')) {
      const problem = await response.json().catch(() => null);
      if (problem && typeof problem === 'object') {
        title = typeof problem.title === 'string' ? problem.title : title;
        detail = typeof problem.detail === 'string' ? problem.detail : '';
      }
    }
    throw new ApiError(response.status, title, detail);
  }
  return type.includes('json') ? response.json() : response.text();
}

async function getJSON(path, params) {
  const query = params ? `?${new URLSearchParams(compact(params))}` : '';
  const response = await fetch(`${path}${query}`, { headers: { Accept: 'application/json' } });
  return readResponse(response);
}

/** POST a query to /sparql the way the SPARQL 1.1 Protocol says (form-encoded). */
async function runSparql(query) {
  const response = await fetch('sparql', {
    method: 'POST',
    headers: {
      Accept: 'application/sparql-results+json, text/turtle;q=0.9',
      'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
    },
    body: new URLSearchParams({ query }),
  });
  const body = await readResponse(response);
  return { type: response.headers.get('Content-Type') || '', body };
}

function compact(params) {
  return Object.fromEntries(
    Object.entries(params).filter(([, value]) => value !== null && value !== undefined && value !== ''),
  );
}

function errorMessage(error) {
  if (error instanceof ApiError) {
    return error.detail ? `${error.title}: ${error.detail}` : `${error.title} (HTTP ${error.status})`;
  }
  return `The server could not be reached (${error.message}).`;
}

function errorBox(error) {
  return h('p', { class: 'error', role: 'alert' }, errorMessage(error));
}

/** Titles and dates of articles by IRI (one SPARQL query for all that are not known yet). */
const articleInfo = new Map();

async function loadArticleInfo(iris) {
  const wanted = [...new Set(iris)].filter((iri) => iri && !articleInfo.has(iri) && SAFE_IRI.test(iri));
  if (!wanted.length) return;
  const query = `${SPARQL_PREFIXES}
SELECT ?article ?title ?published WHERE {
  VALUES ?article { ${wanted.map((iri) => `<${iri}>`).join(' ')} }
  GRAPH ?article { ?article a gk:Article .
    OPTIONAL { ?article dcterms:title ?title } OPTIONAL { ?article dcterms:issued ?published } }
}`;
  try {
    const { body } = await runSparql(query);
    for (const row of body.results.bindings) {
      articleInfo.set(row.article.value, {
        title: row.title ? row.title.value : null,
        published: row.published ? row.published.value : null,
      });
    }
  } catch (error) {
    // Titles are a nicety: evidence still links to its article by id.
    console.warn('Article titles unavailable:', errorMessage(error));
  }
}

function evidenceArticles(items) {
  return items.flatMap((item) => (item.evidence || []).map((evidence) => evidence.article));
}

// ---------------------------------------------------------------------------------------------------------
// The URL fragment is the state of the page

function readState() {
  return new URLSearchParams(window.location.hash.replace(/^#/, ''));
}

function stateHref(params) {
  return `#${new URLSearchParams(compact(params))}`;
}

function entityHref(id, extra) {
  return stateHref({ ...extra, entity: id });
}

function articleHref(evidence) {
  if (!evidence || !evidence.article_id) return null;
  return stateHref({ article: evidence.article_id, start: evidence.start, end: evidence.end });
}

/** Show the state `hash`; submitting the same form twice runs it again. */
function go(hash) {
  if (window.location.hash === hash || (hash === '#' && !window.location.hash)) {
    lastSearch = null;
    route();
  } else {
    window.location.hash = hash;
  }
}

/** The view a state shows: an entity card and search results share the entity view. */
function viewOf(state) {
  if (state.has('article')) return 'article';
  if (state.has('event')) return 'event';
  if (state.has('entity')) return 'search';
  return ['search', 'events', 'sparql', 'ingest'].includes(state.get('view')) ? state.get('view') : 'search';
}

function showView(name) {
  for (const view of document.querySelectorAll('.view')) view.hidden = view.dataset.view !== name;
  for (const tab of document.querySelectorAll('[data-view-link]')) {
    if (tab.dataset.viewLink === name) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  const heading = { search: 'Entities', events: 'Events', sparql: 'SPARQL', article: 'Article', event: 'Event', ingest: 'Add an article' }[name];
  document.title = `${heading} · GeoKG`;
}

let firstRoute = true;

async function route() {
  const state = readState();
  const view = viewOf(state);
  showView(view);
  const moveFocus = !firstRoute;
  firstRoute = false;
  if (view === 'search') await showSearch(state, moveFocus);
  else if (view === 'events') await showEvents(state, moveFocus);
  else if (view === 'article') await showArticle(state, moveFocus);
  else if (view === 'event') await showEvent(state, moveFocus);
  else if (view === 'ingest') { if (moveFocus) byId('ingest-heading').focus(); }
  else showSparql(state);
}

/** Requests answer out of order; a view only draws the answer to its latest request. */
function latest() {
  let counter = 0;
  return () => {
    const ticket = ++counter;
    return () => ticket === counter;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Entities: search and cards

const searchTicket = latest();
const cardTicket = latest();
let lastSearch = null;

async function showSearch(state, moveFocus) {
  const q = state.get('q') || '';
  const type = state.get('type') || '';
  const offset = Number.parseInt(state.get('offset') || '0', 10) || 0;
  byId('search-q').value = q;
  byId('search-type').value = type;
  const key = JSON.stringify([q, type, offset]);
  const jobs = [];
  if (key !== lastSearch) {
    lastSearch = key;
    jobs.push(q || type ? searchEntities(q, type, offset) : showRecentArticles());
  }
  const entity = state.get('entity');
  if (entity) jobs.push(showCard(entity, { q, type, offset, as_of: state.get('as_of') || '' }, moveFocus));
  else replace(byId('entity-card'));
  markCurrentResult(entity);
  await Promise.all(jobs);
  markCurrentResult(entity);
}

async function searchEntities(q, type, offset) {
  const container = byId('search-results');
  const isLatest = searchTicket();
  loading(container, 'Searching…');
  try {
    const page = await getJSON('api/entities', { q, type, limit: SEARCH_PAGE, offset });
    if (!isLatest()) return;
    const what = [q ? `“${q}”` : null, type ? typeLabel(type) : null].filter(Boolean).join(', ');
    const summary = `${page.total === 0 ? 'No' : page.total} ${page.total === 1 ? 'entity matches' : 'entities match'} ${what}`;
    replace(
      container,
      h('h2', { class: 'panel-title' }, 'Results'),
      h('p', { class: 'muted' }, summary),
      page.items.length ? h('ol', { class: 'result-list' }, page.items.map((item) => resultItem(item, q, type, offset))) : null,
      pager(page, (next) => stateHref({ q, type, offset: next }), SEARCH_PAGE),
    );
    announce(summary);
  } catch (error) {
    if (isLatest()) replace(container, errorBox(error));
  } finally {
    if (isLatest()) done(container);
  }
}

function resultItem(item, q, type, offset) {
  return h(
    'li',
    {},
    h(
      'a',
      { class: 'result', href: entityHref(item.id, { q, type, offset: offset || null }), 'data-entity-id': item.id },
      h('span', { class: 'result-label' }, item.label || item.id),
      h('span', { class: 'badge' }, typeLabel(item.type)),
      item.wikidata ? h('span', { class: 'qid' }, item.wikidata) : null,
    ),
  );
}

function markCurrentResult(entity) {
  for (const result of document.querySelectorAll('#search-results a.result')) {
    if (entity && result.dataset.entityId === entity) result.setAttribute('aria-current', 'true');
    else result.removeAttribute('aria-current');
  }
}

function pager(page, hrefFor, size) {
  const previous = page.offset > 0 ? Math.max(0, page.offset - size) : null;
  const next = page.offset + page.items.length < page.total ? page.offset + page.items.length : null;
  if (previous === null && next === null) return null;
  const first = page.total ? page.offset + 1 : 0;
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    previous !== null ? h('a', { href: hrefFor(previous || null) }, '← Previous') : null,
    h('span', { class: 'muted' }, `${first}–${page.offset + page.items.length} of ${page.total}`),
    next !== null ? h('a', { href: hrefFor(next) }, 'Next →') : null,
  );
}

async function showRecentArticles() {
  const container = byId('search-results');
  const isLatest = searchTicket();
  loading(container);
  try {
    const page = await getJSON('api/articles', { limit: 10 });
    if (!isLatest()) return;
    replace(
      container,
      h('h2', { class: 'panel-title' }, 'Latest articles'),
      page.items.length
        ? h('ul', { class: 'article-list' }, page.items.map(articleItem))
        : h('p', { class: 'muted' }, 'The graph is empty: ingest articles with “geokg ingest”.'),
    );
  } catch (error) {
    if (isLatest()) replace(container, errorBox(error));
  } finally {
    if (isLatest()) done(container);
  }
}

function articleItem(article) {
  const counts = article.counts || {};
  return h(
    'li',
    {},
    h('a', { href: stateHref({ article: article.id }) }, article.title || `Article ${article.id}`),
    h('span', { class: 'muted' }, ` ${article.published || 'undated'} · ${plural(counts.events || 0, 'event')}, ${plural(counts.relations || 0, 'relation')}`),
  );
}

async function showCard(id, search, moveFocus) {
  const container = byId('entity-card');
  const isLatest = cardTicket();
  loading(container, 'Loading the entity…');
  try {
    const asOf = /^\d{4}-\d{2}-\d{2}$/.test(search.as_of || '') ? search.as_of : '';
    const card = await getJSON(`api/entities/${encodeURIComponent(id)}`, { as_of: asOf });
    await loadArticleInfo([...evidenceArticles(card.events), ...evidenceArticles(card.relations)]);
    if (!isLatest()) return;
    replace(container, entityCard(card, search));
    drawCardVisuals(card);
    announce(`${card.label || card.id}: ${typeLabel(card.type)}, ${plural(card.events.length, 'event')}`);
    if (moveFocus) byId('card-title').focus();
  } catch (error) {
    if (isLatest()) replace(container, errorBox(error));
  } finally {
    if (isLatest()) done(container);
  }
}

function entityCard(card, search) {
  const wikidataUrl = card.wikidata_url && card.wikidata_url.startsWith('https://www.wikidata.org/') ? card.wikidata_url : null;
  return h(
    'article',
    { class: 'entity-card', 'aria-labelledby': 'card-title', 'data-entity-id': card.id },
    h(
      'header',
      { class: 'card-header' },
      h('h2', { id: 'card-title', tabindex: '-1' }, card.label || card.id),
      h(
        'dl',
        { class: 'card-facts' },
        h('dt', {}, 'Type'),
        h('dd', {}, h('span', { class: 'badge', 'data-field': 'type' }, typeLabel(card.type))),
        h('dt', {}, 'Wikidata'),
        h(
          'dd',
          {},
          card.wikidata && wikidataUrl
            ? h('a', { class: 'qid wikidata-link', href: wikidataUrl, 'data-field': 'qid' }, card.wikidata)
            : h('span', { class: 'muted' }, 'no QID known for sure'),
        ),
        h('dt', {}, 'IRI'),
        h('dd', {}, h('code', { class: 'iri' }, card.iri)),
      ),
      h(
        'p',
        { class: 'card-links' },
        h('a', { href: stateHref({ view: 'events', actor: card.id }) }, `Events with ${card.label || card.id} as actor`),
        ' · ',
        h('a', { href: stateHref({ view: 'events', place: card.id }) }, 'as place'),
      ),
    ),
    asOfForm(card, search || {}),
    card.as_of ? asOfSection(card.as_of) : null,
    card.posts.length ? cardSection('Posts held', postList(card.posts)) : null,
    card.memberships.length ? cardSection('Memberships', postList(card.memberships)) : null,
    card.members.length
      ? cardSection('Members', h('ul', { class: 'inline-list' }, card.members.map((member) => h('li', {}, entityLink(member)))))
      : null,
    cardSection('Relations', card.relations.length ? relationTable(card.relations) : h('p', { class: 'muted' }, 'None found.')),
    cardSection(
      'Relation graph',
      h('p', { class: 'hint' }, 'Memberships, posts, recognition and co-actors in events; click a line for its evidence.'),
      h('div', { id: 'card-graph', class: 'graph-slot' }),
      h('div', { id: 'graph-evidence', class: 'graph-evidence', 'aria-live': 'polite' }),
    ),
    cardSection('Events per month', h('div', { id: 'card-chart', class: 'chart-slot' })),
    cardSection('Where its events happen', h('div', { id: 'card-map', class: 'map-slot' }), h('div', { id: 'card-map-list', class: 'map-list', 'aria-live': 'polite' })),
    cardSection(
      `Timeline (${plural(card.events.length, 'event')})`,
      card.events.length ? eventList(byDate(card.events), 'timeline') : h('p', { class: 'muted' }, 'No events found.'),
    ),
  );
}

/** A date picker: the card's posts, memberships and recognition as they stood that day. */
function asOfForm(card, search) {
  const input = h('input', { id: 'as-of', name: 'as_of', type: 'date', value: search.as_of || null, 'aria-describedby': 'as-of-hint' });
  return h(
    'form',
    {
      class: 'as-of-form',
      'aria-label': 'Card date',
      onsubmit: (event) => {
        event.preventDefault();
        go(entityHref(card.id, { q: search.q, type: search.type, offset: search.offset || null, as_of: input.value }));
      },
    },
    h('label', { for: 'as-of' }, 'As of'),
    input,
    h('button', { type: 'submit' }, 'Show'),
    search.as_of ? h('a', { href: entityHref(card.id, { q: search.q, type: search.type }) }, 'Today') : null,
    h('p', { class: 'hint', id: 'as-of-hint' }, 'Posts, memberships and recognition as they stood on a day.'),
  );
}

const BASIS = {
  dated: 'dates from the text',
  reported: 'known from the article date',
  reference: 'dates from reference data',
};

function asOfSection(section) {
  const groups = [
    ['Posts held', section.posts, 'object'],
    ['Member of', section.memberships, 'object'],
    ['Members', section.members, 'subject'],
    ['Office holders', section.office_holders, 'subject'],
    ['Recognition', section.recognition, null],
  ];
  const total = groups.reduce((sum, [, items]) => sum + items.length, 0);
  return h(
    'section',
    { class: 'card-section as-of', id: 'as-of-section', 'aria-labelledby': 'as-of-title' },
    h('h3', { id: 'as-of-title' }, `As of ${section.date}`),
    total ? null : h('p', { class: 'muted' }, 'Nothing is known to have held on that day.'),
    groups.filter(([, items]) => items.length).map(([title, items, side]) => [
      h('h4', {}, title),
      h(
        'ul',
        { class: 'post-list', 'data-group': title },
        items.map((item) =>
          h(
            'li',
            { 'data-relation': item.type, 'data-basis': item.basis },
            side ? null : [entityLink(item.subject), ` ${relationLabel(item)} `],
            item.role && side ? h('strong', {}, `${item.role}, `) : null,
            side ? entityLink(item[side]) : entityLink(item.object),
            span(item.since, item.until),
            h('span', { class: 'badge basis' }, BASIS[item.basis] || item.basis),
            evidenceDetails(item.evidence),
          ),
        ),
      ),
    ]),
  );
}

/** The card's graph, chart and map (each fails on its own, with a message in its place). */
async function drawCardVisuals(card) {
  const isCurrent = () => document.querySelector(`article.entity-card[data-entity-id="${CSS.escape(card.id)}"]`);
  try {
    drawRelationGraph(byId('card-graph'), card, (edge) => showEdgeEvidence(edge));
  } catch (error) {
    replace(byId('card-graph'), h('p', { class: 'muted' }, `The graph could not be drawn (${error.message}).`));
  }
  await drawOverview({ involving: card.id }, 'card-chart', 'card-map', 'card-map-list', isCurrent);
}

/** Chart and map of the events a filter (or `involving`) selects. */
async function drawOverview(filters, chartId, mapId, listId, isCurrent) {
  replace(byId(listId));
  try {
    const [months, countries] = await Promise.all([
      getJSON('api/overview/months', filters),
      getJSON('api/overview/countries', filters),
    ]);
    if (!isCurrent()) return;
    if (months.months.length) drawMonthChart(byId(chartId), months);
    else replace(byId(chartId), h('p', { class: 'muted' }, 'No events dated to a month.'));
    await drawMap(byId(mapId), countries, (country) => showCountryEvents(byId(listId), country));
    if (!isCurrent()) return;
    const note = countries.unplaced ? ` ${plural(countries.unplaced, 'event')} without a place in a known country.` : '';
    byId(mapId).append(h('p', { class: 'muted map-note' }, `Darker: more events. Click a country for its events.${note}`));
  } catch (error) {
    if (isCurrent()) replace(byId(mapId), h('p', { class: 'muted' }, `The map and chart could not be drawn (${errorMessage(error)}).`));
  }
}

function showCountryEvents(container, country) {
  replace(
    container,
    h('h3', { id: 'map-list-title', tabindex: '-1' }, `${country.label || country.qid}: ${plural(country.count, 'event')}`),
    h(
      'ul',
      { class: 'country-events' },
      country.events.map((event) => h('li', {}, h('a', { href: stateHref({ event: event.id }) }, `${typeLabel(event.type)}, ${event.date || 'undated'}`))),
    ),
    country.count > country.events.length ? h('p', { class: 'muted' }, `The newest ${country.events.length} are listed.`) : null,
  );
  byId('map-list-title').focus();
}

async function showEdgeEvidence(edge) {
  const container = byId('graph-evidence');
  if (!container || !edge) return;
  await loadArticleInfo(edge.evidence.map((evidence) => evidence.article));
  replace(
    container,
    h('h4', { id: 'graph-evidence-title' }, `Evidence: ${edge.label}`),
    edge.evidence.length ? edge.evidence.map(evidenceQuote) : h('p', { class: 'muted' }, 'No sentence stored for this connection.'),
  );
}

function cardSection(title, ...content) {
  return h('section', { class: 'card-section' }, h('h3', {}, title), content);
}

function postList(posts) {
  return h(
    'ul',
    { class: 'post-list' },
    posts.map((post) =>
      h(
        'li',
        {},
        post.role ? h('strong', {}, `${post.role}, `) : null,
        entityLink(post.organization),
        span(post.since, post.until),
        evidenceDetails(post.evidence),
      ),
    ),
  );
}

function span(since, until) {
  if (!since && !until) return null;
  if (since && until) return h('span', { class: 'muted' }, ` (${since} – ${until})`);
  return h('span', { class: 'muted' }, since ? ` (since ${since})` : ` (until ${until})`);
}

function relationTable(relations) {
  return h(
    'div',
    { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Relations' },
    h(
      'table',
      { class: 'data-table relations' },
    h('caption', { class: 'visually-hidden' }, 'Relations, with the sentences that state them'),
    h(
      'thead',
      {},
      h('tr', {}, ['Subject', 'Relation', 'Object', 'Time', 'Evidence'].map((name) => h('th', { scope: 'col' }, name))),
    ),
    h(
      'tbody',
      {},
      relations.map((relation) =>
        h(
          'tr',
          { 'data-relation': relation.type },
          h('td', {}, entityLink(relation.subject)),
          h('td', {}, relationLabel(relation)),
          h('td', {}, entityLink(relation.object)),
          h('td', {}, span(relation.since, relation.until) || h('span', { class: 'muted' }, '—')),
          h('td', {}, evidenceDetails(relation.evidence)),
        ),
      ),
    ),
    ),
  );
}

function relationLabel(relation) {
  const words = typeLabel(relation.type).toLowerCase();
  return relation.role ? `${words} (${relation.role})` : words;
}

function entityLink(ref) {
  if (!ref) return h('span', { class: 'muted' }, 'unknown');
  const text = ref.label || ref.id;
  return ref.id ? h('a', { href: entityHref(ref.id), title: ref.type ? typeLabel(ref.type) : null }, text) : h('span', {}, text);
}

function evidenceDetails(evidence) {
  if (!evidence || !evidence.length) return null;
  return h(
    'details',
    { class: 'evidence-details' },
    h('summary', {}, plural(evidence.length, 'source')),
    evidence.map(evidenceQuote),
  );
}

function evidenceQuote(evidence) {
  const info = articleInfo.get(evidence.article) || {};
  const title = info.title || (evidence.article_id ? `Article ${evidence.article_id}` : 'Unknown article');
  return h(
    'blockquote',
    { class: 'evidence' },
    h('p', { class: 'evidence-text' }, evidence.text || '(sentence not stored)'),
    h(
      'footer',
      {},
      '— ',
      link(articleHref(evidence), title, { class: 'evidence-article' }),
      info.published ? h('span', { class: 'muted' }, `, ${info.published}`) : null,
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Events: timelines and the filtered list

/** Events by date, undated last; the sort is stable, so the API's order breaks ties. (Not a stand-in date such
 * as '~': locale collation puts punctuation before digits.) */
function byDate(events) {
  return [...events].sort((a, b) => {
    if (!a.date || !b.date) return (a.date ? 0 : 1) - (b.date ? 0 : 1);
    return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
  });
}

function eventList(events, kind) {
  return h('ol', { class: `event-list ${kind}` }, events.map(eventItem));
}

function eventItem(event) {
  const roles = [
    ['Actors', event.actors],
    ['Targets', event.targets],
    ['Places', event.places],
    ['Mediators', event.mediators],
  ].filter(([, refs]) => refs && refs.length);
  const casualties = [
    ['Killed', event.killed],
    ['Injured', event.injured],
  ].filter(([, count]) => count !== null && count !== undefined);
  return h(
    'li',
    { class: 'event', 'data-type': event.type, 'data-event-id': event.id },
    h(
      'p',
      { class: 'event-head' },
      event.date ? h('time', { datetime: event.date, class: 'event-date' }, event.date) : h('span', { class: 'event-date muted' }, 'undated'),
      h('span', { class: 'event-type badge' }, typeLabel(event.type)),
      h('span', { class: `status status-${event.status || 'asserted'}`, 'data-field': 'status' }, event.status || 'asserted'),
      event.roles && event.roles.length ? h('span', { class: 'muted role-note' }, `as ${event.roles.join(', ')}`) : null,
      event.id
        ? h('a', { class: 'event-link', href: stateHref({ event: event.id }), 'aria-label': `Open the ${typeLabel(event.type).toLowerCase()} event${event.date ? ` of ${event.date}` : ''} on its own page` }, 'Open')
        : null,
    ),
    h(
      'dl',
      { class: 'event-facts' },
      roles.map(([name, refs]) => [
        h('dt', {}, name),
        h('dd', {}, refs.map((ref, index) => [index ? ', ' : '', entityLink(ref)])),
      ]),
      casualties.map(([name, count]) => [h('dt', {}, name), h('dd', { 'data-field': name.toLowerCase() }, String(count))]),
      event.casualties && event.casualties.length > 1
        ? [h('dt', {}, 'Breakdown'), h('dd', {}, event.casualties.map(casualtyText).join('; '))]
        : null,
    ),
    (event.evidence || []).map(evidenceQuote),
  );
}

function casualtyText(casualty) {
  return `${casualty.count} ${casualty.kind || ''}${casualty.group ? ` (${casualty.group})` : ''}`.trim();
}

const eventsTicket = latest();
/** Labels of entities seen on the page, so that filters show names for the QIDs in the URL. */
const knownEntities = new Map();
const entityByLabel = new Map();

function remember(ref) {
  if (!ref || !ref.id) return;
  knownEntities.set(ref.id, ref);
  if (ref.label) entityByLabel.set(ref.label.toLowerCase(), ref);
}

function entityInputValue(id) {
  const ref = knownEntities.get(id);
  return ref && ref.label ? ref.label : id;
}

async function showEvents(state, moveFocus) {
  const filters = {
    type: state.get('type') || '',
    actor: state.get('actor') || '',
    place: state.get('place') || '',
    from: state.get('from') || '',
    to: state.get('to') || '',
  };
  const offset = Number.parseInt(state.get('offset') || '0', 10) || 0;
  byId('events-type').value = filters.type;
  byId('events-actor').value = filters.actor ? entityInputValue(filters.actor) : '';
  byId('events-place').value = filters.place ? entityInputValue(filters.place) : '';
  byId('events-from').value = filters.from;
  byId('events-to').value = filters.to;
  const container = byId('events-results');
  const isLatest = eventsTicket();
  loading(container, 'Loading events…');
  try {
    const page = await getJSON('api/events', { ...filters, limit: EVENTS_PAGE, offset });
    await loadArticleInfo(evidenceArticles(page.items));
    if (!isLatest()) return;
    for (const event of page.items) [...event.actors, ...event.places, ...event.targets].forEach(remember);
    if (filters.actor) byId('events-actor').value = entityInputValue(filters.actor);
    if (filters.place) byId('events-place').value = entityInputValue(filters.place);
    const summary = `${page.total === 0 ? 'No' : page.total} ${page.total === 1 ? 'event matches' : 'events match'}`;
    const feed = feedHref(filters);
    setFeedLink(feed);
    replace(
      container,
      h('h2', { class: 'panel-title', id: 'events-summary', tabindex: '-1' }, summary),
      h(
        'p',
        { class: 'feed' },
        h('a', { class: 'feed-link', href: feed, type: 'application/atom+xml' }, 'Subscribe to these events'),
        h('span', { class: 'muted' }, ' (Atom feed, newest first: paste the link into any feed reader)'),
      ),
      page.items.length ? eventList(page.items, 'events') : h('p', { class: 'muted' }, 'Try fewer filters or a wider date range.'),
      pager(page, (next) => stateHref({ view: 'events', ...filters, offset: next }), EVENTS_PAGE),
    );
    announce(summary);
    if (moveFocus && document.activeElement === document.body) byId('events-summary').focus();
    drawOverview(filters, 'events-chart', 'events-map', 'events-map-list', isLatest);
  } catch (error) {
    if (isLatest()) replace(container, errorBox(error));
  } finally {
    if (isLatest()) done(container);
  }
}

/** The Atom feed of an events filter (the same filters as /api/events). */
function feedHref(filters) {
  const query = new URLSearchParams(compact(filters)).toString();
  return `api/events.atom${query ? `?${query}` : ''}`;
}

/** Feed readers and browsers find the current filter's feed in the page's head. */
function setFeedLink(href) {
  let element = document.querySelector('link[rel=alternate][type="application/atom+xml"]');
  if (!element) {
    element = h('link', { rel: 'alternate', type: 'application/atom+xml', title: 'GeoKG events' });
    document.head.append(element);
  }
  element.setAttribute('href', href);
}

/** The id of the entity a filter box names: a QID as is, else the entity whose label it is. */
async function resolveEntity(text) {
  const value = text.trim();
  if (!value) return '';
  if (QID.test(value)) return value;
  const known = entityByLabel.get(value.toLowerCase());
  if (known) return known.id;
  const page = await getJSON('api/entities', { q: value, limit: 10 });
  page.items.forEach(remember);
  const match = page.items.find((item) => (item.label || '').toLowerCase() === value.toLowerCase()) || page.items[0];
  if (!match) throw new Error(`No entity matches “${value}”`);
  return match.id;
}

let suggestTimer = null;

function suggestEntities(event) {
  const value = event.target.value.trim();
  window.clearTimeout(suggestTimer);
  if (value.length < 2 || QID.test(value)) return;
  suggestTimer = window.setTimeout(async () => {
    try {
      const page = await getJSON('api/entities', { q: value, limit: 10 });
      page.items.forEach(remember);
      replace(
        byId('entity-suggestions'),
        page.items.map((item) => h('option', { value: item.label || item.id }, `${typeLabel(item.type)}${item.wikidata ? ` · ${item.wikidata}` : ''}`)),
      );
    } catch (error) {
      console.warn('No suggestions:', errorMessage(error));
    }
  }, 200);
}

async function submitEvents(event) {
  event.preventDefault();
  const form = event.target;
  const container = byId('events-results');
  try {
    const actor = await resolveEntity(form.elements.actor.value);
    const place = await resolveEntity(form.elements.place.value);
    go(stateHref({
      view: 'events',
      type: form.elements.type.value,
      actor,
      place,
      from: form.elements.from.value.trim(),
      to: form.elements.to.value.trim(),
    }));
  } catch (error) {
    replace(container, h('p', { class: 'error', role: 'alert' }, error instanceof ApiError ? errorMessage(error) : error.message));
  }
}

// ---------------------------------------------------------------------------------------------------------
// One event: its facts and the sentences that report it

const eventTicket = latest();

async function showEvent(state, moveFocus) {
  const container = byId('event-view');
  const isLatest = eventTicket();
  loading(container, 'Loading the event…');
  try {
    const event = await getJSON(`api/events/${encodeURIComponent(state.get('event'))}`);
    await loadArticleInfo(evidenceArticles([event]));
    if (!isLatest()) return;
    const title = `${typeLabel(event.type)}${event.date ? `, ${event.date}` : ''}`;
    replace(
      container,
      h('h1', { id: 'event-title', tabindex: '-1' }, title),
      h('ol', { class: 'event-list single' }, eventItem(event)),
      h(
        'p',
        { class: 'muted' },
        'Every sentence above links to its place in the article. ',
        h('a', { href: `api/events/${encodeURIComponent(event.id)}` }, 'This event as JSON'),
      ),
    );
    announce(`Event: ${title}`);
    if (moveFocus) byId('event-title').focus();
  } catch (error) {
    if (isLatest()) replace(container, errorBox(error));
  } finally {
    if (isLatest()) done(container);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Articles: the text, with the evidence sentence marked

const articleTicket = latest();

async function showArticle(state, moveFocus) {
  const container = byId('article-view');
  const isLatest = articleTicket();
  loading(container, 'Loading the article…');
  try {
    const article = await getJSON(`api/articles/${encodeURIComponent(state.get('article'))}`);
    if (!isLatest()) return;
    const start = Number.parseInt(state.get('start'), 10);
    const end = Number.parseInt(state.get('end'), 10);
    replace(container, articleView(article, start, end));
    announce(`Article: ${article.title || article.id}`);
    const mark = byId('evidence-mark');
    if (mark) {
      mark.scrollIntoView({ block: 'center' });
      if (moveFocus) mark.focus({ preventScroll: true });
    } else if (moveFocus) {
      byId('article-title').focus();
    }
  } catch (error) {
    if (isLatest()) replace(container, errorBox(error));
  } finally {
    if (isLatest()) done(container);
  }
}

function articleView(article, start, end) {
  const facts = article.facts || { entities: [], events: [], relations: [] };
  for (const event of facts.events) {
    for (const evidence of event.evidence) articleInfo.set(evidence.article, { title: article.title, published: article.published });
  }
  return h(
    'article',
    { class: 'article', 'aria-labelledby': 'article-title' },
    h('h1', { id: 'article-title', tabindex: '-1' }, article.title || `Article ${article.id}`),
    h(
      'p',
      { class: 'muted' },
      `Published ${article.published || 'on an unknown date'}`,
      article.source && safeHref(article.source) ? [' · ', h('a', { href: article.source }, 'original')] : null,
      ` · ${plural(facts.entities.length, 'entity', 'entities')}, ${plural(facts.events.length, 'event')}, ${plural(facts.relations.length, 'relation')}`,
    ),
    h(
      'div',
      { class: 'article-layout' },
      h(
        'div',
        { class: 'article-main' },
        highlightLegend(),
        h('div', { class: 'article-text' }, highlightedText(article.text || '', facts, start, end)),
      ),
      h(
        'aside',
        { class: 'article-facts', 'aria-label': 'Facts in this article' },
        facts.entities.length
          ? cardSection('Entities', h('ul', { class: 'inline-list' }, facts.entities.map((entity) => h('li', {}, entityLink(entity)))))
          : null,
        cardSection('Events in this article', facts.events.length ? eventList(facts.events, 'events') : h('p', { class: 'muted' }, 'None.')),
        facts.relations.length ? cardSection('Relations', relationTable(facts.relations)) : null,
      ),
    ),
    deleteForm(article),
  );
}

const ENTITY_GROUPS = {
  State: 'state', PartiallyRecognizedState: 'state',
  Organization: 'organization', InternationalOrganization: 'organization', Alliance: 'organization',
  Person: 'person', Group: 'group', ArmedGroup: 'group', EthnicGroup: 'group',
  Place: 'place', City: 'place', Region: 'place',
};

function highlightLegend() {
  const kinds = [['state', 'State'], ['organization', 'Organisation'], ['person', 'Person'], ['place', 'Place'], ['group', 'Group']];
  return h(
    'p',
    { class: 'legend muted' },
    'Highlighted: ',
    kinds.map(([kind, label]) => [h('mark', { class: `entity entity-${kind}` }, label), ' ']),
    h('span', { class: 'event-span' }, 'sentence with an event'),
    '. Hover a highlight for the fact.',
  );
}

/** The text as text nodes, with entity mentions and event sentences highlighted (the fact in each title),
 * and [start, end) in a <mark id="evidence-mark"> when the range is inside it. */
function highlightedText(text, facts, start, end) {
  const mentions = [];
  for (const entity of facts.entities || []) {
    for (const mention of entity.mentions || []) {
      if (Number.isInteger(mention.start) && Number.isInteger(mention.end)) mentions.push({ start: mention.start, end: mention.end, entity });
    }
  }
  const sentences = [];
  for (const event of facts.events || []) {
    const evidence = Array.isArray(event.evidence) ? event.evidence : [event.evidence];
    for (const item of evidence) {
      if (item && Number.isInteger(item.start) && Number.isInteger(item.end)) sentences.push({ start: item.start, end: item.end, event });
    }
  }
  const marked = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= text.length;
  const cuts = new Set([0, text.length, ...(marked ? [start, end] : [])]);
  for (const span of [...mentions, ...sentences]) {
    if (span.start >= 0 && span.end <= text.length && span.start < span.end) { cuts.add(span.start); cuts.add(span.end); }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const before = [];
  const inside = [];
  const after = [];
  for (let index = 0; index + 1 < points.length; index += 1) {
    const [from, to] = [points[index], points[index + 1]];
    const piece = segment(text.slice(from, to), mentions.filter((m) => m.start <= from && to <= m.end), sentences.filter((s) => s.start <= from && to <= s.end));
    (marked && from >= end ? after : marked && from >= start ? inside : before).push(piece);
  }
  if (!marked) return before;
  return [before, h('mark', { id: 'evidence-mark', tabindex: '-1' }, inside), after];
}

function segment(text, mentions, sentences) {
  let node = text;
  if (mentions.length) {
    const entity = mentions[0].entity;
    const kind = ENTITY_GROUPS[entity.type] || 'other';
    const fact = `${typeLabel(entity.type)}: ${entity.label || entity.id || ''}${entity.wikidata ? ` (${entity.wikidata})` : ''}`;
    node = h('mark', { class: `entity entity-${kind}`, title: fact, 'data-entity': entity.id || entity.iri || '' }, text);
  }
  if (sentences.length) {
    const events = [...new Map(sentences.map((s) => [s.event.iri || s.event.id, s.event])).values()];
    const fact = events.map((event) => `${typeLabel(event.type)}${event.date ? `, ${event.date}` : ''}`).join('; ');
    node = h('span', { class: 'event-span', title: `Event: ${fact}`, 'data-event-types': events.map((e) => e.type).join(' ') }, node);
  }
  return node;
}

/** Delete the article with the API token (DELETE /api/articles/{id}). */
function deleteForm(article) {
  const status = h('p', { class: 'form-status', role: 'status' });
  return h(
    'form',
    {
      class: 'delete-form filters',
      'aria-label': 'Delete this article',
      onsubmit: async (event) => {
        event.preventDefault();
        const token = event.target.elements.token.value.trim();
        try {
          const response = await fetch(`api/articles/${encodeURIComponent(article.id)}`, {
            method: 'DELETE',
            headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
          });
          if (!response.ok) await readResponse(response);
          announce(`Deleted: ${article.title || article.id}`);
          lastSearch = null;
          go('#');
          showStats();
        } catch (error) {
          replace(status, h('span', { class: 'error', role: 'alert' }, errorMessage(error)));
        }
      },
    },
    h('h2', { class: 'panel-title' }, 'Delete this article'),
    h('div', { class: 'field' }, h('label', { for: 'delete-token' }, 'API token'), h('input', { id: 'delete-token', name: 'token', type: 'password', autocomplete: 'off', required: true, placeholder: 'GEOKG_API_TOKEN' })),
    h('div', { class: 'field field-button' }, h('button', { type: 'submit', class: 'danger' }, 'Delete article')),
    h('p', { class: 'hint' }, 'Removes the article and every fact taken from it.'),
    status,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Adding an article: paste text or a URL, preview the facts, then save

function ingestBody(form) {
  const value = (name) => form.elements[name].value.trim();
  const body = value('url') ? { url: value('url') } : { text: form.elements.text.value };
  if (value('title')) body.title = value('title');
  if (value('published')) body.published = value('published');
  if (value('source')) body.source = value('source');
  return body;
}

async function postWithToken(path, form) {
  const response = await fetch(path, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${form.elements.token.value.trim()}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    body: JSON.stringify(ingestBody(form)),
  });
  return readResponse(response);
}

function setUpIngest() {
  const form = byId('ingest-form');
  const output = byId('ingest-preview');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const saving = event.submitter && event.submitter.value === 'save';
    output.setAttribute('aria-busy', 'true');
    replace(output, h('p', { class: 'muted loading' }, saving ? 'Saving…' : 'Extracting the facts…'));
    try {
      if (saving) {
        const saved = await postWithToken('api/articles', form);
        announce(`Saved: ${plural(saved.counts.events, 'event')}, ${plural(saved.counts.relations, 'relation')}`);
        lastSearch = null;
        showStats();
        go(stateHref({ article: saved.id }));
      } else {
        const preview = await postWithToken('api/preview', form);
        replace(output, previewView(preview));
        byId('preview-title').focus();
      }
    } catch (error) {
      replace(output, errorBox(error));
    } finally {
      output.removeAttribute('aria-busy');
    }
  });
}

function previewView(preview) {
  const facts = preview.facts;
  const labels = new Map(facts.entities.map((entity) => [entity.iri, entity]));
  const name = (iri) => (labels.get(iri) || {}).label || iri.split('/').pop();
  return [
    h('h2', { id: 'preview-title', tabindex: '-1', class: 'panel-title' }, 'Preview: not saved yet'),
    h('p', { class: 'muted' }, `${plural(facts.entities.length, 'entity', 'entities')}, ${plural(facts.events.length, 'event')}, ${plural(facts.relations.length, 'relation')}. Save to store them.`),
    highlightLegend(),
    h('div', { class: 'article-text' }, highlightedText(preview.text, facts)),
    cardSection(
      'Entities',
      h('ul', { class: 'preview-entities' }, facts.entities.map((entity) => h('li', {}, `${entity.label} `, h('span', { class: 'badge' }, typeLabel(entity.type)), entity.wikidata ? h('span', { class: 'qid' }, ` ${entity.wikidata}`) : null))),
    ),
    cardSection(
      'Events',
      facts.events.length
        ? h('ul', { class: 'preview-events' }, facts.events.map((event) => h('li', { 'data-type': event.type }, h('strong', {}, typeLabel(event.type)), event.date ? ` ${event.date}` : '', event.actors.length ? ` · ${event.actors.map(name).join(', ')}` : '', event.evidence ? h('blockquote', { class: 'evidence' }, event.evidence.text) : null)))
        : h('p', { class: 'muted' }, 'None.'),
    ),
    cardSection(
      'Relations',
      facts.relations.length
        ? h('ul', { class: 'preview-relations' }, facts.relations.map((relation) => h('li', {}, `${name(relation.subject)} ${typeLabel(relation.type).toLowerCase()} ${name(relation.object)}`)))
        : h('p', { class: 'muted' }, 'None.'),
    ),
  ];
}

// ---------------------------------------------------------------------------------------------------------
// SPARQL editor

let lastSparql = null;

function showSparql(state) {
  const query = state.get('query');
  if (query && query !== lastSparql) {
    byId('sparql-query').value = query;
    executeSparql(query);
  }
}

const sparqlTicket = latest();

async function executeSparql(query) {
  const results = byId('sparql-results');
  const errorPanel = byId('sparql-error');
  const isLatest = sparqlTicket();
  lastSparql = query;
  errorPanel.hidden = true;
  replace(errorPanel);
  loading(results, 'Running the query…');
  const started = performance.now();
  try {
    const { type, body } = await runSparql(query);
    if (!isLatest()) return;
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (type.includes('json')) replace(results, solutionTable(body, seconds));
    else replace(results, h('p', { class: 'muted' }, `Graph, in ${seconds} s:`), h('pre', { class: 'turtle' }, body));
    announce('The query ran.');
  } catch (error) {
    if (!isLatest()) return;
    replace(results);
    replace(
      errorPanel,
      h('p', {}, h('strong', {}, error instanceof ApiError ? `${error.title} (${error.status})` : 'No answer')),
      h('p', { class: 'error-detail' }, error instanceof ApiError ? error.detail || '' : errorMessage(error)),
    );
    errorPanel.hidden = false;
  } finally {
    if (isLatest()) done(results);
  }
}

function solutionTable(body, seconds) {
  if (typeof body.boolean === 'boolean') {
    return h('p', { class: 'ask-answer' }, `Answer: ${body.boolean ? 'yes' : 'no'} (${seconds} s)`);
  }
  const vars = body.head.vars || [];
  const rows = body.results.bindings;
  const shown = rows.slice(0, MAX_TABLE_ROWS);
  return [
    h('p', { class: 'muted' }, `${plural(rows.length, 'row')} in ${seconds} s`, rows.length > shown.length ? ` (showing the first ${shown.length})` : ''),
    h(
      'div',
      { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Query results' },
      h(
        'table',
        { class: 'data-table sparql-results' },
        h('thead', {}, h('tr', {}, vars.map((name) => h('th', { scope: 'col' }, `?${name}`)))),
        h('tbody', {}, shown.map((row) => h('tr', {}, vars.map((name) => h('td', {}, termCell(row[name])))))),
      ),
    ),
  ];
}

function termCell(term) {
  if (!term) return h('span', { class: 'muted' }, '');
  if (term.type === 'uri') return iriCell(term.value);
  if (term.type === 'bnode') return h('code', {}, `_:${term.value}`);
  const suffix = term['xml:lang'] ? `@${term['xml:lang']}` : null;
  return h(
    'span',
    { class: 'literal', title: term.datatype || null },
    term.value,
    suffix ? h('span', { class: 'muted' }, suffix) : null,
  );
}

function iriCell(iri) {
  const entity = iri.match(ENTITY_ID);
  if (entity) return h('a', { class: 'iri', href: entityHref(entity[1]) }, iri);
  const article = iri.match(ARTICLE_ID);
  if (article) return h('a', { class: 'iri', href: stateHref({ article: article[1] }) }, iri);
  if (EVENT_ID.test(iri) || iri === RDF_TYPE) return h('code', { class: 'iri' }, iri);
  return link(iri, iri, { class: 'iri' });
}

function submitSparql(event) {
  event.preventDefault();
  const query = byId('sparql-query').value;
  if (!query.trim()) {
    replace(byId('sparql-error'), h('p', {}, 'Write a query first.'));
    byId('sparql-error').hidden = false;
    return;
  }
  // Record the query in the address for sharing, without adding a history entry per run.
  window.history.replaceState(null, '', stateHref({ view: 'sparql', query }));
  executeSparql(query);
}

function setUpSparql() {
  const select = byId('sparql-example');
  EXAMPLES.forEach((example, index) => select.append(h('option', { value: String(index) }, example.title)));
  select.addEventListener('change', () => {
    const example = EXAMPLES[Number.parseInt(select.value, 10)];
    if (example) byId('sparql-query').value = example.query;
  });
  byId('sparql-query').value = EXAMPLES[0].query;
  byId('sparql-form').addEventListener('submit', submitSparql);
  byId('sparql-query').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      byId('sparql-form').requestSubmit();
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Start

async function showStats() {
  try {
    const stats = await getJSON('api/stats');
    byId('stats').textContent = [
      plural(stats.articles, 'article'),
      plural(stats.entities, 'entity', 'entities'),
      plural(stats.events, 'event'),
      plural(stats.relations, 'relation'),
    ].join(' · ');
  } catch (error) {
    byId('stats').textContent = errorMessage(error);
  }
}

function setUp() {
  // /?entity=Q403 works as well as /#entity=Q403: move the query into the fragment, where the state lives.
  if (window.location.search && !window.location.hash) {
    window.history.replaceState(null, '', `${window.location.pathname}#${window.location.search.slice(1)}`);
  }
  // The skip link moves focus only: following it as a link would replace the state in the fragment.
  document.querySelector('.skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    byId('main').focus();
  });
  byId('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    go(stateHref({ q: form.elements.q.value.trim(), type: form.elements.type.value }));
  });
  const eventsForm = byId('events-form');
  eventsForm.addEventListener('submit', submitEvents);
  eventsForm.addEventListener('reset', () => { window.location.hash = stateHref({ view: 'events' }); });
  byId('events-actor').addEventListener('input', suggestEntities);
  byId('events-place').addEventListener('input', suggestEntities);
  setUpSparql();
  setUpIngest();
  window.addEventListener('hashchange', route);
  showStats();
  route();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setUp);
else setUp();
