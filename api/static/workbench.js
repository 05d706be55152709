// GeoKG SPARQL workbench: YASGUI (vendored, see static/vendor/README.md) against this server's /sparql.
// Everything stays on this server: the endpoint list holds only our endpoint, the prefix list comes from
// static/sparql-prefixes.json, and completion of terms uses the ontology's terms (in the page), never LOV.
'use strict';

const WB_PREFIXES = `PREFIX gk: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX wd: <http://www.wikidata.org/entity/>
`;

// QIDs from kg/data/gazetteer.json: Kosovo Q1246, NATO Q7184, Serbia Q403.
const WORKBENCH_EXAMPLES = [
  {
    name: 'Incidents by month, with wounded',
    query: `${WB_PREFIXES}
# Clashes, attacks and protests per month, with the injured the articles count.
SELECT ?month (COUNT(DISTINCT ?event) AS ?incidents) (SUM(?wounded) AS ?injured) WHERE {
  VALUES ?type { gk:Clash gk:Attack gk:Protest }
  ?event a ?type ; gk:date ?date .
  OPTIONAL { ?event gk:injured ?count }
  BIND(COALESCE(?count, 0) AS ?wounded)
  BIND(SUBSTR(STR(?date), 1, 7) AS ?month)
}
GROUP BY ?month
ORDER BY ?month`,
  },
  {
    name: 'States that do not recognise Kosovo',
    query: `${WB_PREFIXES}
SELECT DISTINCT ?state ?stateLabel ?sentence WHERE {
  ?kosovo owl:sameAs wd:Q1246 .
  ?statement a gk:Statement ; gk:subject ?state ; gk:predicate gk:doesNotRecognize ; gk:object ?kosovo ;
             gk:evidence/gk:sentence ?sentence .
  OPTIONAL { ?state rdfs:label ?stateLabel }
}
ORDER BY ?stateLabel`,
  },
  {
    name: 'Events involving NATO and Serbia',
    query: `${WB_PREFIXES}
SELECT DISTINCT ?event ?type ?date ?sentence WHERE {
  ?nato owl:sameAs wd:Q7184 .
  ?serbia owl:sameAs wd:Q403 .
  VALUES ?role1 { gk:actor gk:target gk:place gk:mediator }
  VALUES ?role2 { gk:actor gk:target gk:place gk:mediator }
  ?event ?role1 ?nato ; ?role2 ?serbia ; a ?type ; gk:evidence/gk:sentence ?sentence .
  FILTER(STRSTARTS(STR(?type), STR(gk:)))
  OPTIONAL { ?event gk:date ?date }
}
ORDER BY ?date`,
  },
  {
    name: 'Who held which post on a date',
    query: `${WB_PREFIXES}
# As the articles state it: from \`since\` (or the first article that reports it) to \`until\`.
# The REST card /api/entities/{id}?as_of=YYYY-MM-DD also uses the reference data's terms.
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
    name: 'Events per type',
    query: `${WB_PREFIXES}
SELECT ?type (COUNT(DISTINCT ?event) AS ?events) WHERE {
  ?event gk:evidence ?evidence ; a ?type .
  FILTER(STRSTARTS(STR(?type), STR(gk:)) && ?type != gk:Statement)
}
GROUP BY ?type
ORDER BY DESC(?events)`,
  },
];

const NUMERIC = /#(integer|decimal|double|float|long|int|short|byte|nonNegativeInteger|positiveInteger|unsignedInt|unsignedLong)$/;

/** Variables whose every bound value is a number. */
function numericVariables(variables, bindings) {
  return variables.filter((name) => {
    const values = bindings.map((row) => row[name]).filter(Boolean);
    return values.length > 0 && values.every((term) => term.type === 'literal' && (NUMERIC.test(term.datatype || '') || /^-?\d+(\.\d+)?$/.test(term.value)));
  });
}

/** A YASR plugin: SELECT results with a label column and numeric columns as a bar chart (vendored Chart.js). */
class ChartPlugin {
  constructor(yasr) {
    this.yasr = yasr;
    this.priority = 5;
    this.label = 'Chart';
    this.chart = null;
  }

  canHandleResults() {
    const results = this.yasr.results;
    if (!results || !results.getVariables || !results.getBindings) return false;
    const bindings = results.getBindings() || [];
    const variables = results.getVariables() || [];
    return bindings.length > 0 && variables.length >= 2 && numericVariables(variables, bindings).length > 0;
  }

  draw() {
    const bindings = this.yasr.results.getBindings();
    const variables = this.yasr.results.getVariables();
    const numbers = numericVariables(variables, bindings);
    const labelVariable = variables.find((name) => !numbers.includes(name)) || variables[0];
    const frame = document.createElement('div');
    frame.className = 'workbench-chart';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `Bar chart of ${numbers.map((n) => `?${n}`).join(', ')} by ?${labelVariable}; the Table view has the numbers.`);
    frame.append(canvas);
    this.yasr.resultsEl.append(frame);
    if (this.chart) this.chart.destroy();
    const colours = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948'];
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: bindings.map((row) => (row[labelVariable] ? row[labelVariable].value.split(/[#/]/).pop() : '')),
        datasets: numbers
          .filter((name) => name !== labelVariable)
          .map((name, index) => ({ label: `?${name}`, data: bindings.map((row) => (row[name] ? Number(row[name].value) : 0)), backgroundColor: colours[index % colours.length] })),
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } } },
    });
  }

  getIcon() {
    const icon = document.createElement('span');
    icon.className = 'chart-icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = '▮▮';
    return icon;
  }
}

function setUpWorkbench() {
  const element = document.getElementById('workbench');
  const endpoint = element.dataset.endpoint;
  const terms = JSON.parse(document.getElementById('geokg-terms').textContent);
  const { Yasqe, Yasr } = Yasgui;
  Yasr.registerPlugin('chart', ChartPlugin);
  Yasr.defaults.pluginOrder = ['table', 'chart', 'response'];
  // Completion from our ontology, never from Linked Open Vocabularies (no request leaves this server).
  Yasqe.forkAutocompleter('property', { name: 'geokgProperty', bulk: true, get: () => terms.properties, persistenceId: null }, false);
  Yasqe.forkAutocompleter('class', { name: 'geokgClass', bulk: true, get: () => terms.classes, persistenceId: null }, false);
  Yasqe.defaults.autocompleters = ['prefixes', 'variables', 'geokgProperty', 'geokgClass'];
  Yasqe.defaults.prefixCcApi = element.dataset.prefixes;
  // /sparql#query=… opens the workbench on a query (/sparql?query=… is the protocol, for programs).
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const given = params.get('query');
  const yasgui = new Yasgui(element, {
    requestConfig: { endpoint, method: 'POST', acceptHeaderSelect: 'application/sparql-results+json' },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint }], keys: [] },
    persistenceId: 'geokg-workbench',
    populateFromUrl: false,
    autofocus: false,
    yasqe: { value: given || WORKBENCH_EXAMPLES[0].query },
  });
  // Every tab asks this server, whatever an old session stored.
  for (const id of Object.keys(yasgui._tabs || {})) {
    const tab = yasgui.getTab(id);
    if (tab && tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
  }
  if (given) {
    const tab = yasgui.addTab(true, { name: 'Shared query' });
    tab.setQuery(given);
    tab.query();
  }
  const select = document.getElementById('workbench-example');
  WORKBENCH_EXAMPLES.forEach((example, index) => {
    const option = document.createElement('option');
    option.value = String(index);
    option.textContent = example.name;
    select.append(option);
  });
  document.getElementById('workbench-examples').addEventListener('submit', (event) => {
    event.preventDefault();
    const example = WORKBENCH_EXAMPLES[Number.parseInt(select.value, 10)];
    if (!example) return;
    const tab = yasgui.addTab(true, { ...Yasgui.Tab.getDefaults(), name: example.name, requestConfig: { endpoint, method: 'POST' } });
    tab.setQuery(example.query);
    tab.query();
  });
  window.geokgWorkbench = yasgui;
  labelWorkbench();
  yasgui.on('tabAdd', () => window.setTimeout(labelWorkbench, 0));
  yasgui.on('tabChange', () => window.setTimeout(labelWorkbench, 0));
}

/** Names and roles YASGUI leaves out, for screen readers and keyboard users (axe-core checks them). */
function labelWorkbench() {
  for (const input of document.querySelectorAll('#workbench .autocomplete, #workbench input.autocomplete')) {
    input.setAttribute('aria-label', 'SPARQL endpoint');
  }
  for (const textarea of document.querySelectorAll('#workbench .CodeMirror textarea')) {
    textarea.setAttribute('aria-label', 'SPARQL query');
  }
  for (const input of document.querySelectorAll('#workbench .tabsList a[role=tab] input')) {
    input.setAttribute('aria-label', 'Tab name');
  }
  // The "+" sits inside the tab list, where only tabs may be: it opens a new tab, and says so.
  for (const button of document.querySelectorAll('#workbench .tabsList .addTab')) {
    button.setAttribute('role', 'tab');
    button.setAttribute('aria-selected', 'false');
  }
  for (const scroller of document.querySelectorAll('#workbench .CodeMirror-scroll')) {
    // A phone scrolls the editor sideways: the keyboard may too.
    scroller.setAttribute('tabindex', '0');
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setUpWorkbench);
else setUpWorkbench();
