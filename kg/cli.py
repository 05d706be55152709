"""The `geokg` command: thin click commands over the worker functions."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import itertools
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from kg.extract import Extractor
    from kg.graph.store import Store
    from kg.sources.batch import BatchSummary
    from kg.sources.extraction_jobs import ExtractorConfig, Runner

F = TypeVar("F", bound=Callable[..., Any])

RESULT_FORMATS = {"json": "json", "csv": "csv", "table": "json", "turtle": "turtle"}


class BadInput(click.ClickException):
    exit_code = 2


def one_line_errors(command: F) -> F:
    """Bad input exits 2 and failures exit 1, each with one line on stderr and never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from kg.graph.store import StoreError

        try:
            return command(*args, **kwargs)
        except click.ClickException:
            raise
        except (ValueError, UnicodeDecodeError) as e:  # IngestError and QuerySyntaxError are ValueErrors
            raise BadInput(_first_line(e)) from e
        except (StoreError, OSError) as e:
            raise click.ClickException(_first_line(e)) from e
        except Exception as e:  # a bug: still one line for the user, the traceback only with --verbose
            logging.getLogger(__name__).debug("unexpected error", exc_info=True)
            raise click.ClickException(f"internal error: {_first_line(e)}") from e

    return wrapper  # type: ignore[return-value]


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]


class PluginGroup(click.Group):
    """Commands of other packages, named in the `geokg.commands` entry points and imported only when run:
    `geokg serve` lives in `api/`, which `kg/` never imports."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *(ep.name for ep in _plugins())})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None:
            command = next((ep.load() for ep in _plugins() if ep.name == cmd_name), None)
        return command


def _plugins() -> tuple[EntryPoint, ...]:
    return tuple(entry_points(group="geokg.commands"))


@click.group(cls=PluginGroup)
@click.option("--store", help="Store folder or SPARQL endpoint URL (overrides GEOKG_STORE).")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens.")
@click.pass_context
def main(ctx: click.Context, store: str | None, verbose: bool) -> None:
    """GeoKG: a geopolitical knowledge graph from English news."""
    from kg.settings import read_settings

    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    # Read once, here; every command takes what it needs from ctx.obj.
    ctx.obj = read_settings({"GEOKG_STORE": store})


def _open_store(ctx: click.Context) -> Store:
    from kg.graph.store import open_store

    settings = ctx.obj
    return open_store(
        settings["GEOKG_STORE"],
        update_url=settings["GEOKG_STORE_UPDATE"],
        gsp_url=settings["GEOKG_STORE_GSP"],
        dialect=settings["GEOKG_STORE_DIALECT"],
        user=settings["GEOKG_STORE_USER"],
        password=settings["GEOKG_STORE_PASSWORD"],
    )


def _extractor_config(ctx: click.Context) -> ExtractorConfig:
    """The settings' spaCy model and base IRI, with their text cap, time budget and online look-ups."""
    from kg.settings import positive_int, positive_number
    from kg.sources.extraction_jobs import ExtractorConfig

    settings = ctx.obj
    return ExtractorConfig(
        model=settings["GEOKG_SPACY_MODEL"],
        base_iri=settings["GEOKG_BASE_IRI"],
        max_text_chars=positive_int("GEOKG_MAX_TEXT_CHARS", settings["GEOKG_MAX_TEXT_CHARS"]),
        time_budget_s=positive_number("GEOKG_EXTRACT_TIMEOUT_S", settings["GEOKG_EXTRACT_TIMEOUT_S"]),
        wikidata_online=settings["GEOKG_WIKIDATA_ONLINE"] or None,
    )


def _extractor(ctx: click.Context) -> Extractor:
    """The shared extractor for the settings' spaCy model and base IRI, with their text cap and time budget."""
    from kg.sources.extraction_jobs import build_extractor

    return build_extractor(_extractor_config(ctx))


@main.command()
@click.argument("source", type=click.File("r", encoding="utf-8"))
@click.option("--published", help="Publication date (YYYY-MM-DD); relative dates are resolved against it.")
@click.option("--title")
@click.option("--source-url", "--source", "source_url")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "turtle", "jsonld"]), default="json", show_default=True
)
@click.option(
    "--jsonl",
    "as_jsonl",
    is_flag=True,
    help="Read JSONL (one {text, title, published, source} object a line) and write one facts JSON a line; "
    "on by itself for .jsonl files and for input that starts with '{'.",
)
@click.option("--batch-size", default=16, show_default=True, help="Texts per nlp.pipe batch (JSONL input).")
@click.pass_context
@one_line_errors
def extract(
    ctx: click.Context,
    source: Any,
    published: str | None,
    title: str | None,
    source_url: str | None,
    fmt: str,
    as_jsonl: bool,
    batch_size: int,
) -> None:
    """Facts for one text (FILE or - for stdin), or one facts JSON a line for JSONL, without the store."""
    from kg.graph.rdf import to_graph
    from kg.sources.ingest import IngestError, parse_published

    first = source.readline()
    name = getattr(source, "name", "-")
    if as_jsonl or str(name).endswith(".jsonl") or first.lstrip().startswith("{"):
        if fmt != "json":
            raise IngestError("JSONL input gives JSON output only (one facts object a line)")
        _extract_jsonl(
            ctx, itertools.chain([first], source), name=str(name), published=published, batch_size=batch_size
        )
        return
    text = first + source.read()
    if not text.strip():
        raise IngestError("the text is empty")
    extractor = _extractor(ctx)
    facts = extractor.extract(text, published=parse_published(published), title=title, source=source_url)
    if fmt == "json":
        click.echo(json.dumps(facts.to_json(), ensure_ascii=False, indent=2))
    else:
        graph = to_graph(facts, base_iri=extractor.base_iri)
        click.echo(graph.serialize(format="turtle" if fmt == "turtle" else "json-ld"))


def _extract_jsonl(
    ctx: click.Context, lines: Iterable[str], *, name: str, published: str | None, batch_size: int
) -> None:
    """One facts JSON a line for each JSONL record, in input order, through nlp.pipe in one process."""
    from kg.extract import ArticleText
    from kg.sources.ingest import parse_published, read_jsonl_lines

    default_day = parse_published(published)
    items = (
        ArticleText(
            text=record.text,
            published=parse_published(record.published) or default_day,
            title=record.title,
            source=record.source,
        )
        for record in read_jsonl_lines(lines, name=name)
    )
    for facts in _extractor(ctx).extract_many(items, batch_size=batch_size):
        click.echo(json.dumps(facts.to_json(), ensure_ascii=False))


@main.command()
@click.argument("locations", nargs=-1, required=True)
@click.option("--published", help="Publication date for inputs that carry none (YYYY-MM-DD).")
@click.option(
    "--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Extraction processes."
)
@click.option(
    "--cluster", metavar="ADDRESS", help="Extract on this Dask scheduler (tcp://HOST:PORT) instead."
)
@click.option(
    "--failures", "failures_file", type=click.Path(dir_okay=False), help="Write failures here (JSONL)."
)
@click.option(
    "-q", "--quiet", is_flag=True, help="No progress bar (there is none when stderr is no terminal)."
)
@click.pass_context
@one_line_errors
def ingest(
    ctx: click.Context,
    locations: tuple[str, ...],
    published: str | None,
    jobs: int,
    cluster: str | None,
    failures_file: str | None,
    quiet: bool,
) -> None:
    """Files, folders, JSONL, URLs and feeds into the store, then a summary.

    Articles are keyed by content hash: one stored unchanged is skipped, so running a batch again resumes
    it, and a changed text from the same source URL replaces the older one. One bad article never stops a
    batch; failures are listed with their reasons (all of them in --failures FILE). Exit code 0 when some
    article was stored or already there, 2 when every article failed for bad input, 1 when every article
    failed otherwise or the store cannot be used.
    """
    from kg.settings import is_on
    from kg.sources.batch import ingest_batch
    from kg.sources.batch_inputs import read_batch
    from kg.sources.ingest import parse_published

    settings = ctx.obj
    parse_published(published)
    allow = is_on(settings["GEOKG_ALLOW_PRIVATE_URLS"])
    entries = list(read_batch(locations, allow_private_urls=allow))
    store = _open_store(ctx)
    try:
        with _failure_log(failures_file) as on_failure:
            summary = ingest_batch(
                store,
                entries,
                runner=_runner(ctx, jobs=jobs, cluster=cluster),
                base_iri=settings["GEOKG_BASE_IRI"],
                published=published,
                progress=not quiet and sys.stderr.isatty(),
                on_failure=on_failure,
            )
    finally:
        store.close()
    if not (summary.all_failed or summary.stopped):
        for line in summary.lines():
            click.echo(line)
    _exit_for(summary)  # when nothing was stored, one line says why (the failures file holds every reason)


def _runner(ctx: click.Context, *, jobs: int, cluster: str | None) -> Runner:
    from kg.sources import extraction_jobs

    config = _extractor_config(ctx)
    if cluster:
        if importlib.util.find_spec("distributed") is None:
            raise click.ClickException("--cluster needs dask and distributed: pip install 'geokg[cluster]'")
        from kg.sources.cluster import on_cluster

        return on_cluster(cluster, config)
    if jobs == 1:
        return extraction_jobs.in_process(config)
    return extraction_jobs.process_pool(config, jobs)


@contextlib.contextmanager
def _failure_log(path: str | None) -> Iterator[Callable[[Any], None]]:
    """A callback that appends each failure to `path` as one JSON line (flushed, so a killed run keeps them)."""
    if path is None:
        yield lambda failure: None
        return
    with open(path, "w", encoding="utf-8") as out:

        def write(failure: Any) -> None:
            out.write(json.dumps(failure.to_json(), ensure_ascii=False) + "\n")
            out.flush()

        yield write


def _exit_for(summary: BatchSummary) -> None:
    if summary.stopped:
        raise click.ClickException(summary.stopped)
    if summary.all_failed:
        first = summary.failures[0]
        error = BadInput if all(f.bad_input for f in summary.failures) else click.ClickException
        raise error(f"every article failed; the first: {first.source}: {first.reason}")


@main.command()
@click.argument("query")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "turtle"]),
    default="table",
    show_default=True,
)
@click.pass_context
@one_line_errors
def query(ctx: click.Context, query: str, fmt: str) -> None:
    """Run a SPARQL query (or @FILE) over the union of all article graphs."""
    if query.startswith("@"):
        query = Path(query[1:]).read_text(encoding="utf-8")
    from kg.graph.store import query_kind

    kind = query_kind(query)
    store = _open_store(ctx)
    try:
        if kind in {"construct", "describe"}:
            click.echo(store.sparql(query, result_format="turtle").decode("utf-8"))
        elif fmt == "table":
            _print_table(store.select(query) if kind == "select" else [{"ask": store.ask(query)}])
        else:
            click.echo(store.sparql(query, result_format="csv" if fmt == "csv" else "json").decode("utf-8"))
    finally:
        store.close()


def _print_table(rows: list[dict[str, Any]]) -> None:
    if not rows:
        click.echo("(no results)")
        return
    columns = list(dict.fromkeys(key for row in rows for key in row))
    click.echo("\t".join(columns))
    for row in rows:
        click.echo("\t".join("" if row.get(c) is None else str(row[c]) for c in columns))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig"]), default="nquads", show_default=True)
@click.pass_context
@one_line_errors
def export(ctx: click.Context, fmt: str) -> None:
    """Write every article graph to stdout."""
    store = _open_store(ctx)
    try:
        sys.stdout.buffer.write(store.export(fmt))
    finally:
        store.close()


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["nquads", "trig", "turtle", "ntriples"]), default="nquads"
)
@click.option("--graph", help="Target graph IRI for triple formats.")
@click.pass_context
@one_line_errors
def load(ctx: click.Context, path: str, fmt: str, graph: str | None) -> None:
    """Import RDF as is (bulk-loaded into an embedded store); article graphs of an older GeoKG need
    `geokg migrate` afterwards, and so do the summaries of a store that held articles or summaries before (the
    load drops them: they do not count what it adds)."""
    from kg.graph.summaries import drop_summaries, has_articles, has_summaries

    base = ctx.obj["GEOKG_BASE_IRI"]
    store = _open_store(ctx)
    try:
        # Into an empty store a dump loads whole, its summaries with it.
        empty = not has_articles(store) and not has_summaries(store, base_iri=base)
        count = store.load_file(path, format=fmt, graph_iri=graph)
        dropped = not empty and drop_summaries(store, base_iri=base)
    finally:
        store.close()
    click.echo(f"loaded {count} quads")
    if dropped:
        click.echo("the summaries no longer hold: dropped; `geokg migrate` builds them again")


@main.command()
@click.pass_context
@one_line_errors
def migrate(ctx: click.Context) -> None:
    """Bring a store written by an older GeoKG to the current shape (entities graph); safe to run again."""
    from kg.graph.migrate import migrate as migrate_store

    store = _open_store(ctx)
    try:
        done = migrate_store(store, base_iri=ctx.obj["GEOKG_BASE_IRI"])
    finally:
        store.close()
    click.echo(
        f"moved {done.entities} entity descriptions out of {done.articles} article graphs; "
        f"{done.merged_events} merged events; {done.summaries} summary triples"
    )


@main.command()
@click.argument("article")
@click.pass_context
@one_line_errors
def delete(ctx: click.Context, article: str) -> None:
    """Delete one article (its IRI or 16-hex id) and everything extracted from it."""
    from kg.sources.ingest import delete_article

    store = _open_store(ctx)
    try:
        deleted = delete_article(store, article, base_iri=ctx.obj["GEOKG_BASE_IRI"])
    finally:
        store.close()
    if not deleted:
        raise BadInput(f"no article {article} in the store")
    click.echo(f"deleted {article}")


@main.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--verbose", is_flag=True, help="List missed and spurious facts.")
@click.pass_context
@one_line_errors
def evaluate_command(ctx: click.Context, gold_dir: str, as_json: bool, verbose: bool) -> None:
    """Precision and recall of QIDs, events and relations against gold files."""
    from kg.evaluate import evaluate, evaluate_linking, format_coverage, format_report

    extractor = _extractor(ctx)

    def extract(text: str, day: Any) -> Any:
        return extractor.extract(text, published=day)

    sentences = Path(gold_dir) / "sentences.jsonl"
    if sentences.is_file():
        linking = evaluate_linking(sentences, extract)
        if as_json:
            click.echo(json.dumps(linking.to_json(), indent=2))
            return
        score = linking.score
        click.echo(
            f"linking: {linking.sentences} sentences, QID precision {score.precision:.3f} "
            f"recall {score.recall:.3f} (tp {score.tp}, fp {score.fp}, fn {score.fn})"
        )
        click.echo(format_coverage(linking.coverage))
        if verbose:
            click.echo("\n".join(linking.errors))
        return
    report = evaluate(Path(gold_dir), extract)
    click.echo(json.dumps(report.to_json(), indent=2) if as_json else format_report(report, verbose=verbose))


@main.group()
def gazetteer() -> None:
    """The gazetteer: our offline snapshot of Wikidata."""


@gazetteer.command(name="build")
@click.option("--endpoint", required=True, help="SPARQL endpoint, e.g. https://query.wikidata.org/sparql.")
@click.option("--output", default="data/gazetteer.json", show_default=True, help="JSON file or - (stdout).")
@one_line_errors
def build_gazetteer(endpoint: str, output: str) -> None:
    """Rebuild the gazetteer from a Wikidata-compatible SPARQL endpoint (the builder of `make gazetteer`)."""
    from kg.gazetteer import dumps_gazetteer
    from kg.gazetteer.build import build_document, summary, write_gazetteer
    from kg.gazetteer.from_sparql import read_endpoint

    document = build_document(read_endpoint(endpoint))
    if output == "-":
        click.echo(dumps_gazetteer(document), nl=False)
        return
    path = Path(output)
    write_gazetteer(document, path)
    click.echo(f"wrote {path}: {summary(document)}")


if __name__ == "__main__":
    main()
