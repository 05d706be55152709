"""The web page at `/`, driven in Debian's chromium by Playwright against the real app on a real store."""

from __future__ import annotations

import gc
import json
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import feedparser
import pytest
import requests
from flask import Flask
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, expect, sync_playwright
from werkzeug.serving import make_server

from api import create_app
from api.store import close_store, get_store
from kg.facts import DEFAULT_BASE_IRI
from kg.sources.ingest import ingest_text

pytestmark = pytest.mark.browser

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles.jsonl"
# Three example articles: Serbia and Kosovo, NATO accession, a protest in Belgrade with casualties.
TITLES = (
    "Serbia scales back troops near Kosovo boundary",
    "Finland and Sweden hand in bids to join NATO",
    "Tens of thousands rally in Belgrade",
)
# Markup in a title must show as text: if it ran, window.__xss would be set.
HOSTILE_SUFFIX = ' <img src=x onerror="window.__xss = 1"><script>window.__xss = 2</script>'
SERBIA_QID = "Q403"  # /work/shared/reference/states.csv
NATO_QID = "Q7184"  # kg/data/gazetteer.json
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
# expect() keeps its own 5 s default, apart from the context's: under a full test run's load a card can take
# longer than that to draw, so assertions wait as long as every other browser action.
expect.set_options(timeout=TIMEOUT_MS)
WEB_TOKEN = "web-test-token"
EVIDENCE_HREF = re.compile(r"^#article=[0-9a-f]{16}&start=[0-9]+&end=[0-9]+$")


@dataclass(frozen=True)
class WebApp:
    """The served app: its base URL and the texts of the articles in its store."""

    url: str
    texts: tuple[str, ...]
    wsgi: OneThreadApp

    def api(self, path: str, **params: Any) -> Any:
        response = requests.get(self.url + path, params=params, timeout=30)
        response.raise_for_status()
        return response.json()


def _example_articles() -> list[dict[str, Any]]:
    articles = [
        json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    chosen = [a for a in articles if any(a["title"].startswith(title) for title in TITLES)]
    assert len(chosen) == len(TITLES), f"examples/articles.jsonl lacks one of {TITLES}"
    return chosen


class OneThreadApp:
    """WSGI wrapper: one request at a time, each one's garbage collected by the thread that made it.

    pyoxigraph's query results may only be freed by the thread that created them. Frames that hold them can
    end up in reference cycles (exceptions caught while the rows are converted), which the cyclic collector
    frees later in whichever thread it happens to run, and pyo3 then refuses the drop ("PyQuerySolutions is
    unsendable, but is being dropped on another thread"). While the browser tests run, automatic collection
    is off and the serving thread collects after every request, so nothing crosses threads.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        with self.lock:
            response = self.app(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                getattr(response, "close", lambda: None)()
            gc.collect()
        return [body]


@pytest.fixture(scope="module", autouse=True)
def _collect_in_the_serving_thread(web_app: WebApp) -> Iterator[None]:
    """Automatic garbage collection off while this module drives the server (see OneThreadApp)."""
    gc.collect()
    gc.disable()
    yield
    # No request in flight: whatever is left was made by this thread.
    with web_app.wsgi.lock:
        gc.enable()


@pytest.fixture(scope="session")
def web_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebApp]:
    """The real app on an embedded store holding three example articles, served on a free loopback port."""
    store_dir = tmp_path_factory.mktemp("web") / "store"
    app = create_app(
        {
            "TESTING": True,
            "GEOKG_STORE": str(store_dir),
            "GEOKG_BASE_IRI": DEFAULT_BASE_IRI,
            "GEOKG_API_TOKEN": WEB_TOKEN,
        }
    )
    articles = _example_articles()
    with app.app_context():
        for number, article in enumerate(articles):
            title = article["title"] + (HOSTILE_SUFFIX if number == len(articles) - 1 else "")
            ingest_text(
                get_store(),
                article["text"],
                title=title,
                published=article["published"],
                source=article["source"],
                base_iri=DEFAULT_BASE_IRI,
            )
    gc.collect()  # the ingest's garbage, in the thread that made it
    wsgi = OneThreadApp(app)
    # Port 0: the system picks a free port, and nobody can take it between choosing and binding.
    server = make_server("127.0.0.1", 0, wsgi)
    thread = threading.Thread(target=server.serve_forever, name="geokg-web", daemon=True)
    thread.start()
    yield WebApp(f"http://127.0.0.1:{server.server_port}/", tuple(a["text"] for a in articles), wsgi)
    server.shutdown()
    thread.join(timeout=10)
    close_store(app)


def _chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        pytest.fail(
            "Debian's chromium is missing (the web-page tests drive it): run `make system-deps` "
            "or `apt-get install chromium`.",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Headless chromium; Playwright gives every launch a fresh temporary profile (user-data dir)."""
    browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, web_app: WebApp) -> Iterator[Page]:
    """A page in a fresh context; the test fails on any script error or console error (CSP included), and on
    any request the browser sends anywhere but the app on 127.0.0.1 (the network log of every test)."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda message: _console_problem(message, problems))
    page.on("response", lambda r: problems.append(f"{r.status} from {r.url}") if r.status >= 500 else None)
    yield page
    context.close()
    assert not problems, problems
    assert requested, "the network log is empty"
    elsewhere = [url for url in requested if not _is_local(url, web_app)]
    assert not elsewhere, f"requests left 127.0.0.1: {elsewhere}"


def _is_local(url: str, web_app: WebApp) -> bool:
    """A request to the app under test, or one that needs no network (data: URLs, about:blank)."""
    return url.startswith(web_app.url) or url.startswith(("data:", "about:", "blob:"))


def _console_problem(message: ConsoleMessage, problems: list[str]) -> None:
    """Collect console errors; 4xx answers are expected where a test asks for them (and checks them)."""
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        problems.append(message.text)


def _open_card_by_search(page: Page, web_app: WebApp, name: str) -> None:
    page.goto(web_app.url)
    page.get_by_label("Name").fill(name)
    page.get_by_label("Name").press("Enter")
    page.locator("#search-results a.result", has_text=name).first.click()
    expect(page.locator("#card-title")).to_have_text(name)


def test_search_opens_the_entity_card_with_its_wikidata_link(page: Page, web_app: WebApp) -> None:
    page.goto(web_app.url)
    page.get_by_role("searchbox", name="Name").fill("Serbia")
    page.get_by_role("button", name="Search").click()
    result = page.locator("#search-results a.result", has_text="Serbia").first
    expect(result).to_contain_text(SERBIA_QID)
    result.click()

    card = page.locator("article.entity-card")
    expect(card.locator("#card-title")).to_have_text("Serbia")
    expect(card.locator("[data-field=type]")).to_have_text("State")
    qid = card.locator("a.wikidata-link")
    expect(qid).to_have_text(SERBIA_QID)
    expect(qid).to_have_attribute("href", f"https://www.wikidata.org/wiki/{SERBIA_QID}")
    expect(page).to_have_url(f"{web_app.url}#q=Serbia&entity={SERBIA_QID}")
    # Keyboard users land on the card.
    expect(card.locator("#card-title")).to_be_focused()


def test_search_filters_by_entity_type(page: Page, web_app: WebApp) -> None:
    everything = web_app.api("api/entities", q="a", limit=500)
    people = web_app.api("api/entities", q="a", type="Person", limit=500)
    assert 0 < people["total"] < everything["total"]
    page.goto(web_app.url)
    page.get_by_label("Name").fill("a")
    page.locator("#search-type").select_option("Person")
    page.get_by_role("button", name="Search").click()
    results = page.locator("#search-results a.result")
    expect(results).to_have_count(min(people["total"], 20))
    expect(results.locator(".badge").filter(has_not_text="Person")).to_have_count(0)


def test_the_timeline_lists_dated_events_with_their_evidence(page: Page, web_app: WebApp) -> None:
    card = web_app.api(f"api/entities/{SERBIA_QID}")
    assert card["events"], "the extractor found no events for Serbia"
    _open_card_by_search(page, web_app, "Serbia")

    items = page.locator("ol.timeline > li.event")
    expect(items).to_have_count(len(card["events"]))
    dates = items.locator(".event-date").all_inner_texts()
    dated = [d for d in dates if d != "undated"]
    assert dated == sorted(dated) and dates[: len(dated)] == dated, dates
    for item in items.all():
        sentences = item.locator("blockquote.evidence .evidence-text").all_inner_texts()
        assert sentences, item.inner_text()
        assert all(any(s in text for text in web_app.texts) for s in sentences), sentences
        expect(item.locator(".event-type")).not_to_have_text("")
        expect(item.locator("[data-field=status]")).not_to_have_text("")
        expect(item.locator("a.evidence-article").first).to_have_attribute("href", EVIDENCE_HREF)


def test_an_event_leads_back_to_its_sentence_in_the_article(page: Page, web_app: WebApp) -> None:
    page.goto(web_app.url + "#view=events")
    first = page.locator("#events-results li.event").first
    sentence = first.locator(".evidence-text").first.inner_text()
    first.locator("a.evidence-article").first.click()

    expect(page.locator("#view-article")).to_be_visible()
    expect(page.locator("#evidence-mark")).to_have_text(sentence)
    article_text = page.locator(".article-text").inner_text()
    assert any(text.replace("\n", "") == article_text.replace("\n", "") for text in web_app.texts)


def test_events_filter_by_type(page: Page, web_app: WebApp) -> None:
    totals = _event_totals_by_type(web_app)
    # The least frequent type present: the filter must drop every other event.
    chosen = min(totals, key=lambda name: (totals[name], name))
    everything = web_app.api("api/events", limit=1)["total"]
    assert totals[chosen] < everything

    page.goto(web_app.url)
    page.get_by_role("link", name="Events").click()
    items = page.locator("#events-results li.event")
    expect(page.locator("#events-summary")).to_have_text(f"{everything} events match")
    page.locator("#events-type").select_option(chosen)
    page.get_by_role("button", name="Show events").click()

    expect(page.locator("#events-summary")).to_contain_text(f"{totals[chosen]} event")
    expect(items).to_have_count(min(totals[chosen], 25))
    assert set(items.evaluate_all("items => items.map(item => item.dataset.type)")) == {chosen}
    expect(page).to_have_url(f"{web_app.url}#view=events&type={chosen}")


def test_events_filter_by_actor_name_and_date_range(page: Page, web_app: WebApp) -> None:
    expected = web_app.api("api/events", actor=SERBIA_QID, **{"from": "2023-01", "to": "2023-12"})
    assert expected["total"] > 0
    page.goto(web_app.url + "#view=events")
    page.get_by_label("Actor").fill("Serbia")
    page.get_by_label("From").fill("2023-01")
    page.get_by_label("To", exact=True).fill("2023-12")
    page.get_by_label("To", exact=True).press("Enter")

    expect(page).to_have_url(f"{web_app.url}#view=events&actor={SERBIA_QID}&from=2023-01&to=2023-12")
    items = page.locator("#events-results li.event")
    expect(items).to_have_count(expected["total"])
    for item in items.all():
        expect(item.locator("dd a", has_text="Serbia").first).to_be_visible()
    # The box shows the name back, not the QID.
    expect(page.get_by_label("Actor")).to_have_value("Serbia")


def test_sparql_editor_runs_a_query_and_shows_the_entity_iri(page: Page, web_app: WebApp) -> None:
    query = (
        "SELECT ?s WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> "
        f"<http://www.wikidata.org/entity/{SERBIA_QID}> }}"
    )
    page.goto(web_app.url + "#view=sparql")
    page.get_by_label("Query", exact=True).fill(query)
    page.get_by_role("button", name="Run query").click()

    cell = page.locator("table.sparql-results td a.iri").first
    expect(cell).to_have_text(f"{DEFAULT_BASE_IRI}entity/{SERBIA_QID}")
    expect(page.locator("table.sparql-results th")).to_have_text(["?s"])
    expect(page.locator("#sparql-error")).to_be_hidden()
    # The entity IRI opens its card.
    cell.click()
    expect(page.locator("#card-title")).to_have_text("Serbia")


def test_sparql_examples_load_into_the_editor_and_run_with_the_keyboard(page: Page, web_app: WebApp) -> None:
    page.goto(web_app.url + "#view=sparql")
    page.get_by_label("Example queries").select_option(label="Events per type")
    editor = page.get_by_label("Query", exact=True)
    expect(editor).to_have_value(re.compile(re.escape("GROUP BY ?type")))
    editor.press("Control+Enter")

    rows = page.locator("table.sparql-results tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() == len(_event_totals_by_type(web_app))


def test_a_bad_query_shows_the_problem_detail(page: Page, web_app: WebApp) -> None:
    bad = "SELEC ?s WHERE { ?s ?p ?o }"
    detail = requests.post(
        web_app.url + "sparql", data={"query": bad}, headers={"Accept": "application/sparql-results+json"}
    ).json()["detail"]
    page.goto(web_app.url + "#view=sparql")
    page.get_by_label("Query", exact=True).fill(bad)
    page.get_by_role("button", name="Run query").click()

    alert = page.locator("#sparql-error")
    expect(alert).to_be_visible()
    expect(alert).to_have_attribute("role", "alert")
    expect(alert.locator(".error-detail")).to_have_text(detail)
    expect(alert).to_contain_text("Bad Request (400)")
    expect(page.locator("table.sparql-results")).to_have_count(0)


@pytest.mark.parametrize("path", [f"#entity={SERBIA_QID}", f"?entity={SERBIA_QID}"])
def test_a_deep_link_opens_the_card(page: Page, web_app: WebApp, path: str) -> None:
    page.goto(web_app.url + path)
    expect(page.locator("#card-title")).to_have_text("Serbia")
    expect(page.locator("a.wikidata-link")).to_have_text(SERBIA_QID)
    expect(page).to_have_url(f"{web_app.url}#entity={SERBIA_QID}")


def test_a_deep_link_to_a_sparql_query_runs_it(page: Page, web_app: WebApp) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/geokg/ontology#Article> }"
    page.goto(web_app.url + "#" + urlencode({"view": "sparql", "query": query}))
    expect(page.get_by_label("Query", exact=True)).to_have_value(query)
    expect(page.locator("table.sparql-results td")).to_have_text([str(len(TITLES))])


def test_keyboard_alone_reaches_a_result_and_opens_it(page: Page, web_app: WebApp) -> None:
    page.goto(web_app.url)
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Name")).to_be_focused()
    page.keyboard.type("Serbia")
    page.keyboard.press("Enter")
    expect(page.locator("#search-results a.result").first).to_be_visible()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('result')"):
            break
    focused = page.locator("#search-results a.result:focus")
    expect(focused).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page.locator("#card-title")).to_be_focused()


def test_markup_in_the_data_shows_as_text(page: Page, web_app: WebApp) -> None:
    articles = web_app.api("api/articles")["items"]
    hostile = next(a for a in articles if HOSTILE_SUFFIX in (a["title"] or ""))
    page.goto(web_app.url)
    link = page.locator(".article-list a", has_text="<img")
    expect(link).to_have_text(hostile["title"])
    link.click()
    expect(page.locator("#article-title")).to_have_text(hostile["title"])
    assert page.evaluate("window.__xss") is None
    assert page.locator("#view-article img, #view-article script, .article-list img").count() == 0


def test_the_page_has_labelled_controls_and_landmarks(page: Page, web_app: WebApp) -> None:
    response = page.goto(web_app.url)
    assert response is not None and response.headers["content-security-policy"].startswith(
        "default-src 'self'"
    )
    for role in ("banner", "navigation", "main", "contentinfo", "search"):
        expect(page.get_by_role(role).first).to_be_attached()
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
             .filter(el => !el.labels || el.labels.length === 0).map(el => el.id || el.name)"""
    )
    assert unlabelled == []
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_screenshot_of_an_entity_card(page: Page, web_app: WebApp, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 1360, "height": 900})
    page.goto(web_app.url + f"#q=Serbia&entity={SERBIA_QID}")
    expect(page.locator("ol.timeline > li.event").first).to_be_visible()
    shot = tmp_path / "geokg_web.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def _event_totals_by_type(web_app: WebApp) -> dict[str, int]:
    events = web_app.api("api/events", limit=500)["items"]
    totals: dict[str, int] = {}
    for event in events:
        totals[event["type"]] = totals.get(event["type"], 0) + 1
    return totals


def test_the_events_view_offers_its_filter_as_a_feed(page: Page, web_app: WebApp) -> None:
    totals = _event_totals_by_type(web_app)
    chosen = max(totals, key=lambda name: (totals[name], name))
    page.goto(web_app.url + f"#view=events&type={chosen}")
    subscribe = page.get_by_role("link", name="Subscribe to these events")
    expect(subscribe).to_have_attribute("href", f"api/events.atom?type={chosen}")
    expect(page.locator('head link[rel=alternate][type="application/atom+xml"]')).to_have_attribute(
        "href", f"api/events.atom?type={chosen}"
    )
    response = requests.get(web_app.url + str(subscribe.get_attribute("href")), timeout=30)
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == totals[chosen]
    assert {entry.tags[0].term for entry in feed.entries} == {chosen}
    # newest event first, undated events (published on the day first reported) after the dated ones
    dated = {e["iri"]: bool(e.get("date")) for e in web_app.api("api/events", limit=500)["items"]}
    order = [dated[entry.id] for entry in feed.entries]
    assert order == sorted(order, reverse=True)
    published = [entry.get("published", "") for entry in feed.entries if dated[entry.id]]
    assert published == sorted(published, reverse=True)

    # An entry opens its event in the page, and the event its sentence in the article.
    entry = feed.entries[0]
    page.goto(entry.link)
    expect(page.locator("#view-event")).to_be_visible()
    expect(page.locator("#event-view li.event")).to_have_attribute("data-type", chosen)
    sentence = page.locator("#event-view .evidence-text").first.inner_text()
    page.locator("#event-view a.evidence-article").first.click()
    expect(page.locator("#evidence-mark")).to_have_text(sentence)


def test_the_card_answers_as_of_a_date(page: Page, web_app: WebApp) -> None:
    day = "2019-06-01"
    expected = web_app.api(f"api/entities/{NATO_QID}", as_of=day)["as_of"]
    holders = [item["subject"]["label"] for item in expected["office_holders"]]
    assert "Jens Stoltenberg" in holders, holders
    page.goto(web_app.url + f"#entity={NATO_QID}")
    expect(page.locator("#card-title")).to_have_text("North Atlantic Treaty Organization")
    page.get_by_label("As of", exact=True).fill(day)
    page.get_by_role("button", name="Show").click()

    expect(page).to_have_url(f"{web_app.url}#as_of={day}&entity={NATO_QID}")
    section = page.locator("#as-of-section")
    expect(section.get_by_role("heading", name=f"As of {day}")).to_be_visible()
    offices = section.locator("ul[data-group='Office holders'] > li")
    expect(offices).to_have_count(len(expected["office_holders"]))
    expect(offices.filter(has_text="Jens Stoltenberg")).to_contain_text("Secretary General")
    expect(section.locator("ul[data-group='Members'] > li")).to_have_count(len(expected["members"]))
    # Finland joined in 2023: not a member on that day.
    expect(section.locator("ul[data-group='Members'] > li", has_text="Finland")).to_have_count(0)
    expect(page.get_by_label("As of", exact=True)).to_have_value(day)


def test_sparql_in_a_browser_opens_the_workbench_and_runs_an_example(page: Page, web_app: WebApp) -> None:
    example = "Incidents by month, with wounded"
    # Programs still get the protocol at the same address.
    protocol = requests.get(
        web_app.url + "sparql",
        params={"query": "ASK { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert protocol.json() == {"head": {}, "boolean": True}
    page.goto(web_app.url + "sparql")
    expect(page.locator(".yasqe .CodeMirror").first).to_be_visible()
    page.get_by_label("Example query").select_option(label=example)
    page.get_by_role("button", name="Open in a new tab").click()

    expect(page.locator(".tabPanel.active .yasqe .CodeMirror-code")).to_contain_text("gk:injured")
    rows = page.locator(".tabPanel.active .yasr table tbody tr")
    expect(rows.first).to_be_visible()
    query = page.evaluate("window.geokgWorkbench.getTab().getQuery()")
    answer = requests.post(
        web_app.url + "sparql",
        data={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    ).json()["results"]["bindings"]
    assert answer, "no incidents in the example articles"
    expect(rows).to_have_count(len(answer))
    expect(rows.first).to_contain_text(answer[0]["month"]["value"])
    # The same results as a chart: one bar a month, per count.
    page.locator(".tabPanel.active .yasr .select_chart").click()
    chart = page.locator(".tabPanel.active .workbench-chart canvas")
    expect(chart).to_be_visible()
    labels = page.evaluate("(c) => Chart.getChart(c).data.labels", chart.element_handle())
    assert labels == [row["month"]["value"] for row in answer]


def test_the_card_shows_the_chart_the_graph_and_the_map(page: Page, web_app: WebApp) -> None:
    card = web_app.api(f"api/entities/{SERBIA_QID}")
    months = web_app.api("api/overview/months", involving=SERBIA_QID)
    countries = web_app.api("api/overview/countries", involving=SERBIA_QID)
    assert months["series"] and countries["items"], "the example articles give Serbia no dated, placed events"
    _open_card_by_search(page, web_app, "Serbia")
    expect(page.locator("a.wikidata-link")).to_have_text(SERBIA_QID)

    # The chart: one bar series per class, and the same numbers as a table.
    expect(page.locator("#card-chart canvas")).to_be_visible()
    series = page.evaluate("Chart.getChart(document.querySelector('#card-chart canvas')).data.datasets")
    bars = {s["label"]: s["data"] for s in series if s["type"] == "bar"}
    assert sorted(bars.values()) == sorted(s["counts"] for s in months["series"])
    expect(page.locator("#card-chart table.month-table tbody tr")).to_have_count(len(months["months"]))

    # The graph: the entity, its neighbours, an edge per relation and per co-actor; an edge opens its evidence.
    expect(page.locator("#card-graph canvas").first).to_be_visible()
    neighbours = {r["subject"]["iri"] for r in card["relations"]} | {
        r["object"]["iri"] for r in card["relations"]
    }
    assert page.evaluate("window.geokgGraph.nodes().length") >= len(neighbours | {card["iri"]})
    assert page.evaluate("window.geokgGraph.edges().length") >= len(card["relations"])
    relation = card["relations"][0]
    page.evaluate(
        "(id) => window.geokgGraph.edges().filter((e) => e.data('kind') === 'relation')[0].emit('tap')",
        relation["type"],
    )
    evidence = page.locator("#graph-evidence blockquote.evidence .evidence-text")
    expect(evidence.first).to_have_text(relation["evidence"][0]["text"])

    # The map: countries coloured by count; a click lists that country's events, which open.
    top = countries["items"][0]
    shape = page.locator(f"#card-map path.has-events[data-country='{top['atlas_name']}']")
    expect(shape).to_have_attribute("data-count", str(top["count"]))
    shape.click()
    listed = page.locator("#card-map-list ul.country-events a")
    expect(listed).to_have_count(len(top["events"]))
    listed.first.click()
    expect(page.locator("#event-view li.event")).to_have_attribute("data-type", top["events"][0]["type"])


def test_the_events_view_maps_and_charts_its_filter(page: Page, web_app: WebApp) -> None:
    totals = _event_totals_by_type(web_app)
    # the chart counts events per month: the most frequent class among those with a dated event
    charted = [name for name in totals if web_app.api("api/overview/months", type=name)["months"]]
    chosen = max(charted, key=lambda name: (totals[name], name))
    countries = web_app.api("api/overview/countries", type=chosen)
    page.goto(web_app.url + f"#view=events&type={chosen}")
    expect(page.locator("#events-chart canvas")).to_be_visible()
    coloured = page.locator("#events-map path.has-events")
    expect(coloured).to_have_count(len([c for c in countries["items"] if c["atlas_name"]]))
    if countries["items"]:
        first = countries["items"][0]
        page.locator(f"#events-map path[data-country='{first['atlas_name']}']").press("Enter")
        expect(page.locator("#events-map-list h3")).to_have_text(
            f"{first['label']}: {first['count']} event{'s' if first['count'] != 1 else ''}"
        )
        expect(page.locator("#events-map-list h3")).to_be_focused()


def test_an_article_shows_its_entities_and_events_highlighted_beside_its_facts(
    page: Page, web_app: WebApp
) -> None:
    # the article with the most events among those that name Serbia
    details = [web_app.api(f"api/articles/{a['id']}") for a in web_app.api("api/articles")["items"]]
    naming_serbia = [
        d for d in details if any(e.get("wikidata") == SERBIA_QID for e in d["facts"]["entities"])
    ]
    detail = max(naming_serbia, key=lambda d: len(d["facts"]["events"]))
    article = next(a for a in web_app.api("api/articles")["items"] if a["id"] == detail["id"])
    page.goto(web_app.url + f"#article={article['id']}")
    text = page.locator(".article-text")
    expect(text.locator("mark.entity").first).to_be_visible()
    mentioned = {m["text"] for e in detail["facts"]["entities"] for m in e["mentions"]}
    marks = text.locator("mark.entity").all_inner_texts()
    assert set(marks) <= mentioned and marks, marks
    serbia = text.locator("mark.entity[data-entity='Q403']").first
    expect(serbia).to_have_attribute("title", f"State: Serbia ({SERBIA_QID})")
    expect(text.locator(".event-span").first).to_have_attribute("title", re.compile(r"^Event: "))
    facts = page.get_by_role("complementary", name="Facts in this article")
    expect(facts.locator("li.event")).to_have_count(article["counts"]["events"])
    assert text.inner_text().replace("\n", "") == detail["text"].replace("\n", "")


def test_the_ingest_form_previews_then_saves_and_the_article_view_deletes(
    page: Page, web_app: WebApp
) -> None:
    before = web_app.api("api/articles")["total"]
    text = (
        "Serbia does not recognize Kosovo, the government said on Monday. "
        "Police clashed with protesters in Belgrade, and 12 people were injured."
    )
    page.goto(web_app.url + "#view=ingest")
    page.get_by_label("Text").fill(text)
    page.get_by_label("Title").fill("A pasted article")
    page.get_by_label("Published").fill("2024-02-05")
    page.get_by_label("API token").fill(WEB_TOKEN)
    page.get_by_role("button", name="Preview facts").click()

    preview = page.locator("#ingest-preview")
    # the first extraction starts the server's extraction worker (spaCy and the gazetteer): seconds, not ms
    expect(preview.locator("#preview-title")).to_have_text("Preview: not saved yet", timeout=60_000)
    expect(preview.locator(".preview-entities li", has_text="Serbia")).to_contain_text(SERBIA_QID)
    expect(preview.locator(".article-text mark.entity").first).to_be_visible()
    expect(preview.locator(".preview-relations li")).to_contain_text(["Serbia does not recognize Kosovo"])
    assert web_app.api("api/articles")["total"] == before  # nothing stored yet

    page.get_by_role("button", name="Save").click()
    expect(page.locator("#article-title")).to_have_text("A pasted article")
    article_id = page.evaluate("new URLSearchParams(location.hash.slice(1)).get('article')")
    stored = web_app.api(f"api/articles/{article_id}")
    assert stored["published"] == "2024-02-05" and stored["text"] == text
    expect(page.locator(".article-facts li.event")).to_have_count(len(stored["facts"]["events"]))
    expect(page.locator(".article-text mark.entity").first).to_be_visible()

    delete = page.get_by_role("form", name="Delete this article")
    delete.get_by_label("API token").fill("not-the-token")
    delete.get_by_role("button", name="Delete article").click()
    expect(delete.get_by_role("alert")).to_contain_text("token")
    assert web_app.api("api/articles")["total"] == before + 1
    delete.get_by_label("API token").fill(WEB_TOKEN)
    delete.get_by_role("button", name="Delete article").click()
    expect(page.locator("#view-search")).to_be_visible()
    assert web_app.api("api/articles")["total"] == before


ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
AXE = "static/vendor/axe-core/axe.min.js"
WIDTHS = {"desktop": {"width": 1360, "height": 900}, "phone": {"width": 390, "height": 844}}
# Each view by its shareable URL, and what shows that it has drawn.
VIEWS = {
    "home": ("", ".article-list a"),
    "entity-card": (f"#q=Serbia&entity={SERBIA_QID}", "#card-map path.has-events"),
    "as-of": (f"#as_of=2019-06-01&entity={NATO_QID}", "#as-of-section"),
    "events": ("#view=events", "#events-map path.country"),
    "event": ("#event={event}", "#event-view li.event"),
    "article": ("#article={article}", ".article-text mark.entity"),
    "sparql-editor": ("#view=sparql", "#sparql-query"),
    "ingest": ("#view=ingest", "#ingest-text"),
    "sparql-workbench": ("sparql", ".yasqe .CodeMirror"),
}


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("view", list(VIEWS))
def test_every_view_is_accessible_at_its_url_and_fits_the_screen(
    page: Page, web_app: WebApp, view: str, width: str
) -> None:
    """axe-core (vendored) finds no serious or critical violation; nothing is wider than a phone; and a
    screenshot of each view at each width is written under tests/artifacts/ (not committed)."""
    event = web_app.api("api/events", limit=1)["items"][0]["id"]
    article = max(web_app.api("api/articles")["items"], key=lambda a: a["counts"]["events"])["id"]
    path, ready = VIEWS[view]
    page.set_viewport_size(WIDTHS[width])
    page.goto(web_app.url + path.format(event=event, article=article))
    expect(page.locator(ready).first).to_be_attached()
    page.wait_for_load_state("networkidle")

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"{view}-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 5_000

    page.add_script_tag(url=web_app.url + AXE)
    violations = page.evaluate(
        """async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => ({
             id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
           }))"""
    )
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=1)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{view} is {overflow}px wider than the {width} screen"


def test_the_workbench_completes_our_prefixes_and_ontology_terms(page: Page, web_app: WebApp) -> None:
    page.goto(web_app.url + "sparql")
    expect(page.locator(".yasqe .CodeMirror").first).to_be_visible()
    hints = page.locator(".CodeMirror-hints li")
    for text, expected in (
        ("PREFIX g", ["geokg: <https://w3id.org/geokg/id/>", "gk: <https://w3id.org/geokg/ontology#>"]),
        (f"{GK_PREFIX}SELECT * WHERE {{ ?x a gk:Cla", ["gk:Clash"]),
        (f"{GK_PREFIX}SELECT * WHERE {{ ?x gk:act", ["gk:actor"]),
    ):
        page.evaluate(
            """(text) => { const editor = window.geokgWorkbench.getTab().getYasqe();
                 editor.setValue(text); editor.focus(); editor.setCursor(editor.lineCount() - 1, text.length); }""",
            text,
        )
        page.keyboard.press("Control+Space")
        expect(hints).to_have_text(expected)
        page.keyboard.press("Escape")


GK_PREFIX = "PREFIX gk: <https://w3id.org/geokg/ontology#>\n"
